import Foundation
import Testing
import TestSupport

/// CI must not pass with the PostgreSQL cases silently skipped (issue 2, item 4).
@Suite struct PostgresCoverageTests {
    @Test func postgresIsConfiguredWhenRequired() {
        let required = ProcessInfo.processInfo.environment["LAWTRAIL_REQUIRE_POSTGRES"] == "1"
        if required {
            #expect(TestDatabase.postgresURL != nil, "LAWTRAIL_REQUIRE_POSTGRES=1 but LAWTRAIL_TEST_POSTGRES_URL is unset")
            #expect(TestDatabase.all.contains(.postgres))
        }
    }
}
