import Foundation
import GRDB
import IAMGraph
import IAMPolicy
import IAMStore
import RoleChainTestSupport
import Testing

/// Names, Sids and condition values are attacker-chosen text. They reach
/// SQLite as bound values only: importing and querying them runs none of
/// their SQL, and they come back exactly as written.
@Suite struct ValuesAreNotSQLTests {
    static let roleA = "Robert'); DROP TABLE principal; --"
    static let roleB = #"a"b;c--d' OR '1'='1"#
    static let bucket = "b'; DROP TABLE bucket; --"
    static let externalID = "x'; DELETE FROM edge; --"
    static let trustSid = #""; DROP TABLE statement; --"#
    static let policyName = #"p'--;"DROP TABLE policy"#
    static let policySid = "'); DROP TABLE policy; --"
    static let bucketSid = "'||(SELECT sql FROM sqlite_master)||'"

    private func importEstate(into database: String) throws -> Scenario {
        var a = AccountBuilder("111111111111")
        let roleA = a.role(
            Self.roleA,
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("sts:AssumeRole", on: "arn:aws:iam::222222222222:role/*")],
            instanceProfile: true
        )
        var b = AccountBuilder("222222222222")
        let readPolicy = b.managedPolicy(
            Self.policyName,
            Policies.document(
                #"{"Sid": \#(Self.json(Self.policySid)), "Effect": "Allow", "Action": "s3:GetObject", "Resource": \#(Self.json("arn:aws:s3:::\(Self.bucket)/*"))}"#
            )
        )
        b.role(
            Self.roleB,
            trust: Policies.document(
                #"{"Sid": \#(Self.json(Self.trustSid)), "Effect": "Allow", "Principal": {"AWS": \#(Self.json(roleA))}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": \#(Self.json(Self.externalID))}}}"#
            ),
            attached: [readPolicy]
        )
        let bucketPolicy = Policies.document(
            #"{"Sid": \#(Self.json(Self.bucketSid)), "Effect": "Allow", "Principal": {"AWS": \#(Self.json(b.arn("role/\(Self.roleB)")))}, "Action": "s3:PutObject", "Resource": \#(Self.json("arn:aws:s3:::\(Self.bucket)/*"))}"#
        )
        let scenario = try Scenario([a, b], buckets: [Self.bucket: (owner: "222222222222", policy: bucketPolicy)])
        try StoreFiles.withStore(database) { store in _ = try Importer(store: store).importPaths([scenario.folder]) }
        return scenario
    }

    private static func json(_ text: String) -> String {
        var output = ""
        IAMPolicy.JSONValue.writeString(text, to: &output)
        return output
    }

    @Test func hostileTextIsStoredAndReturnedVerbatim() throws {
        let folder = try TemporaryFolder()
        let database = folder.file("rolechain.sqlite")
        _ = try importEstate(into: database)
        let roleA = "arn:aws:iam::111111111111:role/\(Self.roleA)"
        let roleB = "arn:aws:iam::222222222222:role/\(Self.roleB)"

        try StoreFiles.withStore(database, mode: .readOnly) { store in
            let report = try BucketReachQuery(store: store, organizations: OrganizationLoader.load(store))
                .answer(BucketQuestion(bucket: Self.bucket, actions: ["s3:GetObject", "s3:PutObject"]))
            #expect(report.bucket == Self.bucket)
            #expect(report.bucketAccount == "222222222222")
            // Get is granted by the managed policy, Put by the bucket policy.
            let reachers = Dictionary(
                report.answers.map { ("\($0.principal) \($0.action)", $0) },
                uniquingKeysWith: { first, _ in first }
            )
            let (getB, putB) = (reachers["\(roleB) s3:GetObject"], reachers["\(roleB) s3:PutObject"])
            #expect(getB?.hops == 0)
            #expect(reachers["\(roleA) s3:GetObject"]?.hops == 1)
            #expect(reachers["\(roleA) s3:GetObject"]?.path == [roleA, roleB])
            #expect(getB?.grantedBy.joined().contains(Self.policySid) == true, "\(getB?.grantedBy ?? [])")
            #expect(getB?.grantedBy.joined().contains(Self.policyName) == true)
            #expect(putB?.grantedBy.joined().contains(Self.bucketSid) == true, "\(putB?.grantedBy ?? [])")
            #expect(getB?.resources.contains("arn:aws:s3:::\(Self.bucket)/*") == true)

            let chains = try ChainQueries(store: store).allChains(options: .init())
            let hop = try #require(chains.first { $0.source?.arn == roleA && $0.target?.arn == roleB })
            let caveats = hop.caveats.map(\.description).joined(separator: "\n")
            #expect(caveats.contains(Self.externalID), "\(caveats)")
            #expect(hop.hops.flatMap(\.grants).joined().contains(Self.trustSid))

            let stored = try store.read { db in
                (
                    names: try String.fetchAll(
                        db,
                        sql: "SELECT name FROM principal WHERE isAnalysed = 1 ORDER BY name"
                    ),
                    policies: try String.fetchAll(db, sql: "SELECT name FROM policy WHERE kind = 'managed'"),
                    sids: try String.fetchAll(db, sql: "SELECT sid FROM statement WHERE sid IS NOT NULL ORDER BY sid"),
                    buckets: try String.fetchAll(db, sql: "SELECT name FROM bucket")
                )
            }
            #expect(stored.names == [Self.roleA, Self.roleB].sorted())
            #expect(stored.policies == [Self.policyName])
            #expect(stored.sids == [Self.trustSid, Self.policySid, Self.bucketSid].sorted())
            #expect(stored.buckets == [Self.bucket])
        }
    }

    @Test func everyTableSurvivesAndTheFileIsSound() throws {
        let folder = try TemporaryFolder()
        let database = folder.file("rolechain.sqlite")
        let fresh = folder.file("fresh.sqlite")
        try StoreFiles.withStore(fresh) { _ in }
        _ = try importEstate(into: database)
        // Run both queries once more before looking, as a user would.
        try StoreFiles.withStore(database, mode: .readOnly) { store in
            _ = try BucketReachQuery(store: store).answer(BucketQuestion(bucket: Self.bucket))
            _ = try ChainQueries(store: store).allChains(options: .init())
        }
        let schema = "SELECT type || ' ' || name FROM sqlite_master ORDER BY type, name"
        let expected = try StoreFiles.withStore(fresh, mode: .readOnly) {
            try $0.read { db in try String.fetchAll(db, sql: schema) }
        }
        let actual = try StoreFiles.withStore(database, mode: .readOnly) {
            try $0.read { db in try String.fetchAll(db, sql: schema) }
        }
        #expect(expected.contains("table principal"))
        #expect(actual == expected)
        let counts = try StoreFiles.withStore(database, mode: .readOnly) { try StoreFiles.counts($0) }
        #expect(counts.accounts == 2)
        #expect(counts.principals == 2)
        #expect(try StoreFiles.integrityCheck(database) == "ok")
    }
}
