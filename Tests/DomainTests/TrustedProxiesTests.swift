import Domain
import Foundation
import Testing

// Issue 12 item 8: the client's address behind a reverse proxy; forwarding headers are believed
// only from configured proxies, and only the part of the chain they wrote.

@Suite("TrustedProxies — client address and TLS behind a proxy (issue 12 item 8)")
struct TrustedProxiesTests {
    let nginx = try! TrustedProxies(parsing: "10.0.0.0/8, ::1")

    @Test("no proxy trusted (the default): the socket peer, whatever the client writes")
    func noneTrusted() {
        #expect(TrustedProxies.none.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"]) == "198.51.100.7")
        #expect(!TrustedProxies.none.isHTTPS(peer: "198.51.100.7", socketIsTLS: false, forwardedProto: "https"))
    }

    @Test("a trusted proxy's forwarded address is the client; an untrusted peer's is ignored")
    func trustedPeer() {
        #expect(nginx.clientAddress(peer: "10.1.2.3", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        #expect(nginx.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"]) == "198.51.100.7")
        #expect(nginx.clientAddress(peer: "::1", forwardedFor: ["2001:db8::5"]) == "2001:db8::5")
    }

    @Test("addresses the client wrote left of the proxy's entry are never believed")
    func forgedChain() {
        // The client sent "X-Forwarded-For: 192.0.2.66"; nginx appended the real peer.
        #expect(nginx.clientAddress(peer: "10.0.0.2", forwardedFor: ["192.0.2.66, 203.0.113.9"]) == "203.0.113.9")
        // Two proxies in a row: both skipped.
        #expect(nginx.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.9", "10.0.0.3"]) == "203.0.113.9")
        // A malformed hop ends the walk at the last good address.
        #expect(nginx.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.9, x\r\nSet-Cookie: a=1"]) == "10.0.0.2")
        // Nothing forwarded: the proxy itself.
        #expect(nginx.clientAddress(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
    }

    @Test("X-Forwarded-Proto counts only from a trusted proxy")
    func https() {
        #expect(nginx.isHTTPS(peer: "10.0.0.2", socketIsTLS: false, forwardedProto: "https"))
        #expect(!nginx.isHTTPS(peer: "10.0.0.2", socketIsTLS: false, forwardedProto: "http"))
        #expect(!nginx.isHTTPS(peer: "198.51.100.7", socketIsTLS: false, forwardedProto: "https"))
        #expect(nginx.isHTTPS(peer: nil, socketIsTLS: true, forwardedProto: nil))
    }

    @Test("the setting: addresses and CIDR blocks, and a clear refusal of anything else")
    func parsing() throws {
        let proxies = try TrustedProxies(parsing: "192.168.1.10,172.16.0.0/12 , fd00::/8")
        #expect(proxies.trusts("192.168.1.10"))
        #expect(!proxies.trusts("192.168.1.11"))
        #expect(proxies.trusts("172.31.255.255"))
        #expect(!proxies.trusts("172.32.0.1"))
        #expect(proxies.trusts("fd12::1"))
        #expect(!proxies.trusts("fe80::1"))
        #expect(!proxies.trusts(nil))
        for bad in ["nginx", "10.0.0.0/33", "10.0.0.1/", "::1/129", "1.2.3.4/8x"] {
            #expect(throws: TrustedProxies.InvalidEntry.self) { try TrustedProxies(parsing: bad) }
        }
    }
}
