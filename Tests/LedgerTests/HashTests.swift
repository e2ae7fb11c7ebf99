import Crypto
import Foundation
import Ledger
import Testing

@Suite struct HashTests {
    let sample = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"

    @Test func hexAndBase64RoundTrip() throws {
        let hash = try Hash(hex: sample)
        #expect(hash.hex == sample)
        #expect(try Hash(hex: sample.uppercased()) == hash)
        #expect(try Hash(base64: hash.base64) == hash)
        #expect(hash.base64 == Data(hash.bytes).base64EncodedString())
        #expect(hash.bytes.count == 32)
        #expect(try Hash(bytes: hash.bytes) == hash)
        #expect(hash.description == sample)
        #expect(Set([hash, try Hash(hex: sample)]).count == 1)
    }

    @Test func refusesWrongLengthsAndCharacters() {
        #expect(throws: LedgerError.self) { try Hash(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: LedgerError.self) { try Hash(bytes: [UInt8](repeating: 0, count: 33)) }
        #expect(throws: LedgerError.self) { try Hash(hex: String(sample.dropLast())) }
        #expect(throws: LedgerError.self) { try Hash(hex: sample + "00") }
        #expect(throws: LedgerError.self) { try Hash(hex: "g" + sample.dropFirst()) }
        // 31 and 33 bytes in base64, missing padding, non-canonical padding bits, other alphabet.
        #expect(throws: LedgerError.self) { try Hash(base64: Data(repeating: 1, count: 31).base64EncodedString()) }
        #expect(throws: LedgerError.self) { try Hash(base64: Data(repeating: 1, count: 33).base64EncodedString()) }
        let good = Data(repeating: 1, count: 32).base64EncodedString()   // ends in "AQE="
        #expect(throws: LedgerError.self) { try Hash(base64: String(good.dropLast())) }
        #expect(throws: LedgerError.self) { try Hash(base64: String(good.dropLast(2)) + "F=") }
        #expect(throws: LedgerError.self) { try Hash(base64: good.replacingOccurrences(of: "A", with: "-")) }
        #expect(throws: LedgerError.self) { try Hash(base64: " " + good) }
    }

    @Test func matchesSHA256() throws {
        let data = Array("hello".utf8)
        #expect(MerkleHash.leaf(data) == Hash(SHA256.hash(data: [0] + data)))
        let a = MerkleHash.leaf([1]), b = MerkleHash.leaf([2])
        #expect(MerkleHash.node(a, b) == Hash(SHA256.hash(data: [1] + a.bytes + b.bytes)))
        #expect(MerkleHash.node(a, b) != MerkleHash.node(b, a))
        #expect(data.withUnsafeBytes { MerkleHash.leaf(bufferPointer: $0) } == MerkleHash.leaf(data))
        #expect(MerkleHash.leaf(Data(data)) == MerkleHash.leaf(data))
    }
}
