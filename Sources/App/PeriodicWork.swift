import Vapor

extension Application {
    /// Runs `work` every `seconds`, first after `initialSeconds`, on the event loop group's
    /// scheduler as a Swift task; a failure is logged and the next run happens as planned.
    func runPeriodically(
        _ name: String, after initialSeconds: Int64, every seconds: Int64,
        _ work: @escaping @Sendable () async throws -> Void
    ) {
        let logger = logger
        let loops = eventLoopGroup
        loops.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(initialSeconds), delay: .seconds(seconds)) { _ in
            let promise = loops.next().makePromise(of: Void.self)
            promise.completeWithTask {
                do {
                    try await work()
                } catch {
                    logger.error("\(name): periodic run failed: \(error)")
                }
            }
            return promise.futureResult
        }
    }
}
