import Persistence

extension AppConfig {
    /// The blob store these settings name: `localStore` (the data directory's `blobs/`) or an
    /// `S3BlobStore` (issue 17 item 1).
    public func blobStore(localStore: FileBlobStore) -> any BlobStore {
        switch blobStorage {
        case .local: localStore
        case .s3(let settings): S3BlobStore(settings: settings, now: requestClock)
        }
    }
}
