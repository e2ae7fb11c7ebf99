import Foundation
import Vapor

/// Rendered portal pages kept in memory, bounded in bytes (issue 16 item 2).
///
/// Every entry belongs to one `mark`: what the database says about the state the page shows (for
/// the lists, the newest ledger index of any publication step; for a detail page, the ledger's size)
/// and today's date (items leave the lists when their period ends). The mark is read from the
/// database on every request — one indexed `MAX` — so a page rendered before a change is never
/// served after it, even when the change was made by another server process on the same database.
/// When the mark moves on, every entry of the old mark is dropped.
final class RenderedPageCache: @unchecked Sendable {  // state guarded by `lock`
    let maxBytes: Int
    private let lock = NSLock()
    private var mark = Mark(day: "", index: -1)
    private var pages: [String: ByteBuffer] = [:]
    /// Keys oldest first: beyond `maxBytes` the oldest go.
    private var order: [String] = []
    private var bytes = 0

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// The state of the database a page shows: today's date and a ledger index (see the type's
    /// comment). Later marks are greater.
    struct Mark: Hashable, Comparable, Sendable {
        let day: String
        let index: Int64

        static func < (a: Mark, b: Mark) -> Bool { (a.day, a.index) < (b.day, b.index) }

    }

    func page(_ key: String, mark: Mark) -> ByteBuffer? {
        lock.withLock { self.mark == mark ? pages[key] : nil }
    }

    func store(_ page: ByteBuffer, key: String, mark: Mark) {
        let size = page.readableBytes + key.utf8.count
        guard size <= maxBytes / 4 else { return }
        lock.withLock {
            if self.mark != mark {
                // An older request that finished late must not throw away the newer mark's pages.
                guard mark > self.mark else { return }
                self.mark = mark
                pages.removeAll(keepingCapacity: true)
                order.removeAll(keepingCapacity: true)
                bytes = 0
            }
            if let old = pages.updateValue(page, forKey: key) {
                bytes -= old.readableBytes + key.utf8.count
                order.removeAll { $0 == key }
            }
            order.append(key)
            bytes += size
            var evicted = 0
            while bytes > maxBytes, evicted < order.count {
                let oldest = order[evicted]
                if let gone = pages.removeValue(forKey: oldest) { bytes -= gone.readableBytes + oldest.utf8.count }
                evicted += 1
            }
            if evicted > 0 { order.removeFirst(evicted) }
        }
    }

    var byteCount: Int { lock.withLock { bytes } }
    var count: Int { lock.withLock { pages.count } }
}

/// The caches of one application.
final class PortalPageCaches: Sendable {
    let lists: RenderedPageCache
    let details: RenderedPageCache
    /// Part of every entity tag: the release and the bureau's name, so a new release (which may
    /// change the markup, or rebuild the read model in a migration) or a renamed bureau never
    /// answers 304 to a page rendered before.
    let site: String

    init(bureauName: String, listBytes: Int = 8 << 20, detailBytes: Int = 8 << 20) {
        site = SHA256.hash(data: Data((LawTrailVersion.current + "\n" + bureauName).utf8))
            .prefix(6).map { String(format: "%02x", $0) }.joined()
        lists = RenderedPageCache(maxBytes: listBytes)
        details = RenderedPageCache(maxBytes: detailBytes)
    }

    /// The entity tag of a page at `mark` (weak: the same page may be sent compressed or not).
    func etag(_ kind: String, _ mark: RenderedPageCache.Mark) -> String {
        "W/\"\(kind)-\(mark.day)-\(mark.index)-\(site)\""
    }
}

extension Application {
    private struct PortalPageCachesKey: StorageKey { typealias Value = PortalPageCaches }

    var portalPages: PortalPageCaches {
        get { configured(PortalPageCachesKey.self) }
        set { storage[PortalPageCachesKey.self] = newValue }
    }
}
