extension FileBlobStore {
    /// What re-reading one blob found (fixity audits, issue 14 item 4): now `BlobRehash`, the same
    /// for every `BlobStore` (`BlobStore.rehash(_:chunkSize:afterChunk:)` streams it).
    public typealias Rehash = BlobRehash
}
