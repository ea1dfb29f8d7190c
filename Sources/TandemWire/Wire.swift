/// The messages and enumerations of Tandem's binary wire protocol (`Protocol/PROTOCOL.md`).
///
/// The types inside are generated from `Protocol/schema.json` by `Protocol/tools/generate.py`; they are nested
/// here so that they do not clash with the engine's types of the same names.
public enum Wire {}
