import CLibUV

/// A `uv_async_t` that other threads may signal: `uv_async_send` is libuv's one thread-safe call.
struct AsyncSignal: @unchecked Sendable {
    let handle: UnsafeMutablePointer<uv_async_t>

    func send() {
        uv_async_send(handle)
    }
}
