import Domain
import Vapor

extension Request {
    /// The client's address for limits and logs (issue 12 item 8): the socket peer, or — only when
    /// the peer is a configured trusted proxy — the address that proxy forwarded. Never Vapor's
    /// `peerAddress`, which believes any client's `X-Forwarded-For`.
    var clientAddress: String? {
        application.lawTrail.config.trustedProxies.clientAddress(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
    }

    /// Whether the browser reached us over TLS: our own TLS, or a trusted proxy's
    /// `X-Forwarded-Proto: https`. Decides the `Secure` cookie flag, the `__Host-` cookie prefix
    /// and HSTS (issue 12 item 12).
    var isHTTPS: Bool {
        application.lawTrail.config.trustedProxies.isHTTPS(
            peer: remoteAddress?.ipAddress, socketIsTLS: application.http.server.configuration.tlsConfiguration != nil,
            forwardedProto: headers.first(name: .xForwardedProto))
    }
}
