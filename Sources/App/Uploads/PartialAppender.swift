import Domain
import Persistence
import Vapor

/// Appends one PATCH body to an upload's partial file in `tmp/uploads/` (issue 4 item 3: "as a
/// stream: the body is never held whole in memory; SHA-256 is computed while streaming").
///
/// The body arrives as NIO buffers of up to 64 KiB. They are gathered into batches of
/// `batchBytes`; each batch is hashed and written on the thread pool, the two jobs in parallel, while
/// the next batch is being received. So at most two batches (plus NIO's bounded read-ahead) are in
/// memory whatever the file size, the event loop never blocks on the disk, and the hash and the
/// disk write overlap (docs/benchmarks.md "Media intake").
///
/// The magic bytes are checked as soon as the first `MediaSniffer.requiredPrefixLength` bytes are
/// in, before they are written; bytes beyond the declared length are never written.
struct PartialAppender {
    enum Outcome: Equatable {
        /// The body ended (the upload may or may not be complete now).
        case appended
        /// The body held more than the declared length: what fitted was written, the rest dropped.
        case beyondLength
    }

    enum Failure: Error {
        /// The content is not what was declared; nothing of it past the check was written.
        case mediaType(MediaTypeError)
        /// The body broke off (client gone). Everything received before was written and hashed,
        /// so the progress still matches the file.
        case receive(any Error)
        /// A write, fsync or the thread pool failed: the progress may no longer match the file.
        case storage(any Error)
    }

    /// Bytes gathered before a batch is hashed and written: large enough that a thread-pool hop per
    /// batch costs nothing measurable, small enough that two batches are a few MiB.
    static let batchBytes = 4 << 20

    let upload: PendingUpload
    let store: FileBlobStore
    let threadPool: NIOThreadPool
    let eventLoop: any EventLoop
    /// Told when the loop waits for the client, for the idle cut-off.
    let idle: IdleWatch

    /// Appends `body` to the partial file and to `progress`, then fsyncs, so that the offset a
    /// client is told is durable. On return or `Failure.receive`, `progress.size` equals the file
    /// size; on other failures the caller must drop `progress`.
    func append<Body: AsyncSequence>(_ body: Body, to progress: UploadProgress) async throws(Failure) -> Outcome
    where Body.Element == ByteBuffer {
        let file: BlobFile
        do {
            file = try store.openPartial(upload: upload.id)
        } catch {
            throw .storage(error)
        }
        defer { file.close() }

        var pipeline = Pipeline(progress: progress, file: file, threadPool: threadPool, eventLoop: eventLoop)
        var accepted = progress.size
        var outcome = Outcome.appended
        var receiveError: (any Error)?
        var iterator = body.makeAsyncIterator()
        while true {
            let next: ByteBuffer?
            idle.startWaiting()
            do {
                next = try await iterator.next()
            } catch {
                // The client went away, or the PATCH was cancelled for being idle too long.
                idle.stopWaiting()
                receiveError = error
                break
            }
            idle.stopWaiting()
            guard var chunk = next else { break }
            guard chunk.readableBytes > 0 else { continue }
            let room = upload.declaredLength - accepted
            if UInt64(chunk.readableBytes) > room {
                outcome = .beyondLength
                guard room > 0 else { break }
                chunk = chunk.getSlice(at: chunk.readerIndex, length: Int(room))!
            }
            accepted += UInt64(chunk.readableBytes)

            if progress.media == nil {
                chunk.withUnsafeReadableBytes { progress.collectPrefix($0) }
                if progress.prefixIsComplete(length: upload.declaredLength) {
                    switch Self.checkMedia(progress.prefix, upload: upload) {
                    case .success(let media):
                        progress.media = media
                    case .failure(let error):
                        try? await pipeline.settle()
                        throw .mediaType(error)
                    }
                }
            }
            try await pipeline.add(chunk)
            if outcome == .beyondLength { break }
        }
        try await pipeline.flush()
        do {
            try await threadPool.runIfActive(eventLoop: eventLoop) { try file.sync() }.get()
        } catch {
            throw .storage(error)
        }
        if let receiveError { throw .receive(receiveError) }
        return outcome
    }

    /// The magic-byte check of the declared type against the first bytes (issue 4 item 3).
    static func checkMedia(_ prefix: [UInt8], upload: PendingUpload) -> Result<DetectedMedia, MediaTypeError> {
        MediaSniffer.check(declared: upload.mimeType, prefix: prefix, for: upload.metadata.form)
    }

    /// Batches in flight: one being hashed and written on the thread pool, one being gathered.
    private struct Pipeline {
        let progress: UploadProgress
        let file: BlobFile
        let threadPool: NIOThreadPool
        let eventLoop: any EventLoop
        var gathering: [ByteBuffer] = []
        var gatheredBytes = 0
        var inFlight: (jobs: EventLoopFuture<Void>, bytes: Int)?

        init(progress: UploadProgress, file: BlobFile, threadPool: NIOThreadPool, eventLoop: any EventLoop) {
            self.progress = progress
            self.file = file
            self.threadPool = threadPool
            self.eventLoop = eventLoop
        }

        mutating func add(_ chunk: ByteBuffer) async throws(Failure) {
            gathering.append(chunk)
            gatheredBytes += chunk.readableBytes
            if gatheredBytes >= PartialAppender.batchBytes {
                try await dispatch()
            }
        }

        /// Sends what is gathered and waits for everything to be written and hashed.
        mutating func flush() async throws(Failure) {
            if gatheredBytes > 0 { try await dispatch() }
            try await settle()
        }

        /// Waits for the batch in flight; only then does `progress.size` count it.
        mutating func settle() async throws(Failure) {
            guard let (jobs, bytes) = inFlight else { return }
            inFlight = nil
            do {
                try await jobs.get()
            } catch {
                throw .storage(error)
            }
            progress.size += UInt64(bytes)
        }

        private mutating func dispatch() async throws(Failure) {
            // One batch at a time holds the hasher: wait for the previous one first.
            try await settle()
            let batch = gathering
            let bytes = gatheredBytes
            gathering = []
            gatheredBytes = 0
            let progress = self.progress
            let file = self.file
            let hashed = threadPool.runIfActive(eventLoop: eventLoop) {
                for buffer in batch {
                    buffer.withUnsafeReadableBytes { progress.hasher.update(bufferPointer: $0) }
                }
            }
            let written = threadPool.runIfActive(eventLoop: eventLoop) {
                for buffer in batch {
                    try buffer.withUnsafeReadableBytes { try file.write($0) }
                }
            }
            inFlight = (hashed.and(written).map { _ in }, bytes)
        }
    }
}
