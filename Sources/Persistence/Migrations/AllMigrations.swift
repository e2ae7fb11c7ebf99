import FluentKit

/// Every migration, in order. Released migrations are never edited; a change is a new one.
public enum AllMigrations {
    public static var list: [any Migration] {
        [
            CreateDirectory(),
            CreateLedger(),
            CreateAccounts(),
            CreateRecords(),
            CreatePublicity(),
            CreateSignInAttempts(),
            CreateSignInReleases(),
            MakeRecordTablesAppendOnly(),
            CreateIdentityNumberLookups(),
            RemaskPublicationReadModel(),
            CreateObligationTracking(),
            RecordingCompliance(),
            CreatePublicityPolicyAndCertificateEnds(),
            CreateRetentionAndDisposal(),
            CreateCaseClosuresAndArchives(),
            CreateFixityAudits(),
            CreateDraws(),
            CreateCaseReviews(),
            CreateComplaints(),
            IndexPublicationsInListOrder(),
            CreateChannelCursorsAndDeskCounts(),
            CreateJobRuns(),
        ]
    }

    public static func register(on migrations: Migrations) {
        migrations.add(list)
    }
}
