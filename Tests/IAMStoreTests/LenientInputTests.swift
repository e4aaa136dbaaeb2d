import Foundation
import GRDB
import IAMGraph
import IAMStore
import RoleChainTestSupport
import Testing

/// Where AWS is lenient RoleChain is too: each file of `BadInput/lenient/`
/// imports on top of a good import, and lands.
@Suite struct LenientInputTests {
    private func importLenient(_ name: String) throws -> (
        summary: ImportSummary, database: String, folder: TemporaryFolder
    ) {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        let summary = try StoreFiles.withStore(database) { store in
            try Importer(store: store).importPaths([BadInput.path("lenient/\(name)")])
        }
        return (summary, database, folder)
    }

    private func values(_ database: String, _ sql: String) throws -> [String] {
        try StoreFiles.withStore(database, mode: .readOnly) { store in
            try store.read { db in try String.fetchAll(db, sql: sql) }
        }
    }

    @Test func byteOrderMark() throws {
        let result = try importLenient("bom.json")
        #expect(result.summary.accounts == ["111111111111"])
        #expect(
            try values(
                result.database,
                "SELECT name FROM principal WHERE accountId = '111111111111' AND isAnalysed = 1"
            ) == ["Role_A"]
        )
    }

    @Test func unknownFieldsAreIgnored() throws {
        let result = try importLenient("unknown-fields.json")
        #expect(result.summary.accounts == ["111111111111"])
        let trust = try values(
            result.database,
            "SELECT p.document FROM policy p JOIN principal r ON r.id = p.principalId WHERE p.kind = 'trust' AND r.name = 'Role_A'"
        )
        // The stored document is the one in the file, unknown element included.
        #expect(trust.count == 1)
        #expect(trust.first?.contains("FutureElement") == true)
    }

    @Test func aSingleStatementObjectIsAListOfOne() throws {
        let result = try importLenient("single-statement-object.json")
        let rows = try values(
            result.database,
            """
            SELECT s.position || ' ' || s.effect || ' ' || a.pattern FROM statement s
            JOIN policy p ON p.id = s.policyId JOIN statementAction a ON a.statementId = s.id
            WHERE p.kind = 'inline' AND p.name = 'AssumeRoleB'
            """
        )
        #expect(rows == ["0 Allow sts:AssumeRole"])
        #expect(result.summary.edges == 2)
    }

    @Test func principalStarMeansAnyone() throws {
        let result = try importLenient("principal-star.json")
        let principals = try values(
            result.database,
            """
            SELECT sp.kind || ':' || sp.value FROM statementPrincipal sp JOIN statement s ON s.id = sp.statementId
            JOIN policy p ON p.id = s.policyId JOIN principal r ON r.id = p.principalId
            WHERE p.kind = 'trust' AND r.name = 'Role_B'
            """
        )
        #expect(principals == ["AWS:*"])
        #expect(try values(result.database, "SELECT arn FROM principal WHERE kind = 'anyone'") == ["*"])
    }

    @Test func truncatedSnapshotImportsWithAWarning() throws {
        let result = try importLenient("is-truncated.json")
        #expect(result.summary.accounts == ["111111111111"])
        #expect(result.summary.warnings.count == 1)
        #expect(result.summary.warnings.first?.contains("IsTruncated") == true)
        #expect(try values(result.database, "SELECT isTruncated FROM account WHERE id = '111111111111'") == ["1"])
        #expect(
            try values(result.database, "SELECT kind FROM finding WHERE stage = 'import'") == ["truncated-snapshot"]
        )
    }

    /// The control for `BadInputTests`: a good import does change the main
    /// file's bytes, so "unchanged" there is a check that could fail.
    @Test func aGoodImportChangesTheDatabaseBytes() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        try StoreFiles.withStore(database) { store in
            let before = try StoreFiles.checkpointedBytes(store)
            _ = try Importer(store: store).importPaths([BadInput.path("lenient/principal-star.json")])
            #expect(try StoreFiles.checkpointedBytes(store) != before)
        }
    }
}
