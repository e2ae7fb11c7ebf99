/// The release, reported by `/healthz` and `lawtrail --version`.
public enum LawTrailVersion {
    public static let current = "0.1.0"
}
