/// The `async` form of `NodeSource`, for storage that reads over a database connection.
///
/// Same contract: one call, every id a proof needs, hashes back in the order asked.
public protocol AsyncNodeSource: Sendable {
    func hashes(of ids: [NodeID]) async throws -> [Hash]
}
