/// An enumeration of the protocol, carried as its integer code and named in JSON by its snake_case name.
public protocol WireEnumeration: RawRepresentable, CaseIterable, Sendable, Equatable
where RawValue: FixedWidthInteger {
    /// The snake_case name used in JSON and documentation.
    var name: String { get }
}

extension WireEnumeration {
    /// The case with this snake_case name, if any.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
