import Foundation

/// The reverse proxies whose forwarding headers are believed (issue 12 item 8; SPEC X5).
///
/// Behind nginx every connection comes from the proxy's address, so limits keyed by the socket
/// address would lock every staff member out at once, and a client-sent `X-Forwarded-For` would let
/// anyone forge the source address kept in a retrieval log. The rule: the socket address is the
/// client unless it is a trusted proxy; then `X-Forwarded-For` is read from the right, skipping
/// trusted proxies, and the first untrusted address is the client. Everything left of it was written
/// by the client and is ignored. None is trusted by default (`LAWTRAIL_TRUSTED_PROXIES`).
public struct TrustedProxies: Sendable, Hashable {
    /// One address block: the address bytes (4 or 16) and the prefix length.
    public struct Block: Sendable, Hashable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefixLength: Int

        /// `192.0.2.1`, `10.0.0.0/8`, `::1`, `fd00::/8`; nil for anything else.
        public init?(parsing text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let bytes = IPAddressText.bytes(String(parts[0])) else { return nil }
            let maximum = bytes.count * 8
            var length = maximum
            if parts.count == 2 {
                guard let given = Int(parts[1]), (0...maximum).contains(given), parts[1].allSatisfy(\.isASCII) else { return nil }
                length = given
            }
            self.bytes = bytes
            self.prefixLength = length
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }

        public var description: String { "\(IPAddressText.string(bytes))/\(prefixLength)" }
    }

    public let blocks: [Block]

    public static let none = TrustedProxies(blocks: [])

    public init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// A comma-separated list of addresses and blocks; throws the first entry that is not one.
    public init(parsing list: String) throws(InvalidEntry) {
        var blocks: [Block] = []
        for entry in list.split(separator: ",") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let block = Block(parsing: String(entry)) else { throw InvalidEntry(text: String(entry)) }
            blocks.append(block)
        }
        self.blocks = blocks
    }

    public struct InvalidEntry: Error, Equatable {
        public let text: String
    }

    public func trusts(_ address: String?) -> Bool {
        guard let address, let bytes = IPAddressText.bytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address: the socket peer unless it is a trusted proxy, else the right-most
    /// untrusted address of the forwarding chain (`X-Forwarded-For` values in header order).
    /// A malformed entry ends the walk: nothing left of it can be believed either.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard trusts(peer) else { return peer }
        let chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in chain.reversed() {
            guard let bytes = IPAddressText.bytes(hop) else { break }
            client = IPAddressText.string(bytes)
            if !blocks.contains(where: { $0.contains(bytes) }) { break }
        }
        return client
    }

    /// Whether the request reached the proxy over TLS: only a trusted proxy's
    /// `X-Forwarded-Proto` counts; a client's own is ignored.
    public func isHTTPS(peer: String?, socketIsTLS: Bool, forwardedProto: String?) -> Bool {
        if socketIsTLS { return true }
        guard trusts(peer), let proto = forwardedProto else { return false }
        return proto.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }
}

/// IPv4 and IPv6 addresses as text and as bytes, with `inet_pton`/`inet_ntop` (the C library's).
enum IPAddressText {
    static func bytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45, text.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":") }) else {
            return nil
        }
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }

    static func string(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(cString: buffer)
    }
}
