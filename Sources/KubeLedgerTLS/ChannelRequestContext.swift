public import Hummingbird
public import NIOCore

/// A request context that keeps the request's channel, so a handler can ask the TLS layer for the
/// client's verified certificate (``ListenerGuard/admits(_:context:)``).
public struct ChannelRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
