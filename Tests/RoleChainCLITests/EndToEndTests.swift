import Foundation
import RoleChainTestSupport
import SwiftCSV
import Testing

/// The real `rolechain` binary on the reference snapshots: every format of
/// every query command, the store's views, re-import and exit codes.
@Suite(.serialized) struct EndToEndTests {
    let binary: URL
    let folder: URL
    /// Removes `folder` when the test is done.
    let files: TemporaryFolder
    let database: String

    init() throws {
        binary = try #require(PackageLocations.rolechainBinary(), "no built rolechain; run 'swift build' first")
        files = try TemporaryFolder(prefix: "rolechain-e2e")
        folder = files.url
        database = folder.appendingPathComponent("store.sqlite").path
    }

    var complete: String { PackageLocations.seedFixtures.appendingPathComponent("complete").path }

    func run(_ arguments: String...) throws -> ProcessResult {
        try ProcessResult.run(binary, arguments + ["--db", database])
    }

    func imported() throws -> EndToEndTests {
        let result = try run("import", complete)
        #expect(result.status == 0, "\(result.stderr)")
        return self
    }

    // MARK: - Formats

    @Test func whoCanReachCSVParsesWithTheDocumentedColumns() throws {
        let result = try imported().run("who-can-reach", "example-bucket", "--format", "csv")
        #expect(result.status == 0)
        let csv = try CSV<Named>(string: result.stdout)
        #expect(
            Array(csv.header.prefix(9)) == [
                "principal", "principal_type", "account", "hops", "path", "action", "resource", "granted_by",
                "conditions",
            ]
        )
        let ec2 = try #require(csv.rows.first { $0["principal"] == "ec2.amazonaws.com" })
        #expect(ec2["hops"] == "2")
        #expect(ec2["principal_type"] == "service")
        #expect(
            ec2["path"]
                == "ec2.amazonaws.com -> arn:aws:iam::111111111111:role/Role_A -> arn:aws:iam::222222222222:role/Role_B"
        )
        #expect(ec2["resource"] == "arn:aws:s3:::example-bucket/*")
    }

    struct ReachJSON: Decodable {
        struct Hop: Decodable {
            var from: String
            var to: String
            var grantedBy: [String]
        }
        struct Answer: Decodable {
            var principal: String
            var principalType: String
            var hops: Int
            var path: [String]
            var chain: [Hop]
            var conditional: Bool
        }
        var bucket: String
        var bucketAccount: String?
        var answers: [Answer]
        var warnings: [String]
    }

    @Test func whoCanReachJSONDecodesIntoTheDocumentedShape() throws {
        let result = try imported().run("who-can-reach", "example-bucket", "--format", "json")
        let report = try JSONDecoder().decode(ReachJSON.self, from: Data(result.stdout.utf8))
        #expect(report.bucketAccount == "222222222222")
        let roleA = try #require(report.answers.first { $0.principal == "arn:aws:iam::111111111111:role/Role_A" })
        #expect(roleA.hops == 1)
        #expect(
            roleA.chain.first?.grantedBy.contains {
                $0.hasPrefix("trust policy of arn:aws:iam::222222222222:role/Role_B")
            } == true
        )
        #expect(report.warnings.contains { $0.contains("not modelled") })
    }

    @Test func mermaidHasOneNodePerPrincipalAndOneEdgePerHop() throws {
        let text = try imported().run("who-can-reach", "example-bucket", "--format", "mermaid").stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        let edges = lines.filter { $0.contains("-->") || $0.contains("-.->") }
        // ec2 -> A, A -> B (sts:AssumeRole), B -> bucket and root -> bucket (s3:GetObject).
        #expect(edges.count == 4)
        #expect(edges.filter { $0.contains("sts:AssumeRole") }.count == 2)
        for label in ["ec2.amazonaws.com", "role/Role_A", "role/Role_B", "s3://example-bucket"] {
            #expect(lines.filter { $0.contains("\"\(label)\"") && !$0.contains("--") }.count == 1, "\(label)")
        }
        #expect(lines.filter { $0.contains("subgraph") }.count == 2)
    }

    @Test func dotRendersWithGraphviz() throws {
        let dot = try imported().run(
            "who-can-reach",
            "example-bucket",
            "--format",
            "dot",
            "--output",
            folder.appendingPathComponent("reach.dot").path
        )
        #expect(dot.status == 0)
        let graphviz = try #require(
            ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "Graphviz's dot is not installed (.ci/run installs it)"
        )
        let render = try ProcessResult.run(
            URL(fileURLWithPath: graphviz),
            ["-Tsvg", folder.appendingPathComponent("reach.dot").path]
        )
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdout.contains("<svg"))
        #expect(render.stderr.isEmpty)
    }

    @Test func chainsWithOneHopListTheDirectEdges() throws {
        let result = try imported().run("chains", "--max-hops", "1", "--format", "csv")
        let csv = try CSV<Named>(string: result.stdout)
        #expect(Array(csv.header.prefix(5)) == ["source", "target", "hops", "path", "conditions"])
        #expect(
            Set(csv.rows.map { "\($0["source"] ?? "") -> \($0["target"] ?? "")" }) == [
                "ec2.amazonaws.com -> arn:aws:iam::111111111111:role/Role_A",
                "arn:aws:iam::111111111111:role/Role_A -> arn:aws:iam::222222222222:role/Role_B",
            ]
        )
    }

    @Test func chainsToOneRoleListEveryStartWithItsShortestChain() throws {
        let store = try imported()
        let result = try store.run("chains", "--to", "arn:aws:iam::222222222222:role/Role_B", "--format", "csv")
        let rows = try CSV<Named>(string: result.stdout).rows
        #expect(
            rows.map { $0["source"] ?? "" }.sorted() == ["arn:aws:iam::111111111111:role/Role_A", "ec2.amazonaws.com"]
        )
        #expect(rows.first { $0["source"] == "ec2.amazonaws.com" }?["hops"] == "2")
        let all = try CSV<Named>(string: try store.run("chains", "--format", "csv").stdout).rows
        #expect(all.filter { $0["target"] == "arn:aws:iam::222222222222:role/Role_B" }.count == rows.count)
    }

    @Test func explainNamesTheStatementsOfEveryHop() throws {
        let text = try imported().run("explain", "ec2.amazonaws.com", "s3://example-bucket").stdout
        #expect(text.contains("trust policy of arn:aws:iam::111111111111:role/Role_A"))
        #expect(text.contains("trust policy of arn:aws:iam::222222222222:role/Role_B"))
        #expect(text.contains("inline policy AssumeRoleB of arn:aws:iam::111111111111:role/Role_A"))
        #expect(text.contains("managed policy arn:aws:iam::222222222222:policy/ExampleBucketRead"))
        #expect(text.contains("instance profile arn:aws:iam::111111111111:instance-profile/Role_A"))
        let blocked = try run(
            "explain",
            "arn:aws:iam::222222222222:role/Role_B",
            "arn:aws:iam::111111111111:role/Role_A"
        ).stdout
        #expect(blocked.contains("cannot reach"))
        #expect(blocked.contains("blocked by: the trust policy does not allow"))
    }

    @Test func sqlQueriesTheViewsReadOnly() throws {
        let store = try imported()
        let rows = try store.run(
            "sql",
            "SELECT sourceArn, targetArn FROM assumeRoleEdges ORDER BY sourceArn",
            "--format",
            "csv"
        )
        #expect(rows.stdout.contains("ec2.amazonaws.com,arn:aws:iam::111111111111:role/Role_A"))
        let write = try store.run("sql", "DELETE FROM edge")
        #expect(write.status == 64)
        #expect(try store.run("sql", "SELECT count(*) FROM edge", "--format", "csv").stdout.contains("2"))
    }

    // MARK: - Store

    @Test func importingAgainLeavesEveryTableTheSame() throws {
        let store = try imported()
        let query =
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('importRun', 'grdb_migrations')"
        let tables = try CSV<Named>(string: try store.run("sql", query, "--format", "csv").stdout).rows.compactMap {
            $0["name"]
        }
        #expect(tables.contains("statementAction"))
        func counts() throws -> [String] {
            try tables.map { try store.run("sql", "SELECT count(*) FROM \"\($0)\"", "--format", "csv").stdout }
        }
        let before = try counts()
        #expect(try store.run("import", complete).status == 0)
        #expect(try counts() == before)
    }

    @Test func aMalformedFileExits65NamingThePlaceAndChangesNothing() throws {
        let store = try imported()
        let bad = folder.appendingPathComponent("111111111111.json")
        let text = try String(contentsOfFile: complete + "/111111111111.json", encoding: .utf8)
            .replacingOccurrences(of: "\"Effect\": \"Allow\"", with: "\"Effect\": \"Alow\"")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let before = try store.run("who-can-reach", "example-bucket", "--format", "csv").stdout
        let result = try store.run("import", bad.path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("111111111111.json"))
        #expect(result.stderr.contains("Statement[0].Effect"))
        #expect(try store.run("who-can-reach", "example-bucket", "--format", "csv").stdout == before)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try run("who-can-reach", "example-bucket", "--max-hops", "999").status == 64)
        #expect(try run("import-bucket-policy", "b", "f.json", "--account", "12").status == 64)
    }

    @Test func queriesBeforeAnyImportExit74() throws {
        let result = try run("who-can-reach", "example-bucket")
        #expect(result.status == 74)
        #expect(result.stderr.contains("run 'rolechain import' first"))
    }

    @Test func demoPrintsTheTableAndWritesItsFiles() throws {
        let result = try ProcessResult.run(binary, ["demo", "--output-directory", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ec2.amazonaws.com"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("chains.csv").path))
        #expect(
            try String(contentsOf: folder.appendingPathComponent("chains.mmd"), encoding: .utf8).hasPrefix(
                "flowchart LR"
            )
        )
    }
}
