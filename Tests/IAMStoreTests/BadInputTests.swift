import Foundation
import IAMGraph
import IAMPolicy
import IAMStore
import RoleChainTestSupport
import Testing

/// One broken file of `BadInput/invalid/`: a seed fixture with one thing
/// broken, the place the message must name, and what it must say.
struct BadFile: Sendable, CustomTestStringConvertible {
    let name: String
    /// The JSON path as the message prints it.
    let path: String
    /// A piece of the reason: what was expected, or what was found.
    let says: String
    /// Files imported alongside (`buckets.json` for a bucket policy).
    var alongside: [String] = []

    var testDescription: String { name }

    static let all: [BadFile] = [
        BadFile(
            name: "not-json.json",
            path: "(top level)",
            says: "not valid JSON: unexpected character 'R', expected a value"
        ),
        BadFile(
            name: "truncated.json",
            path: "RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Principal.AWS",
            says: "unterminated string at line 17"
        ),
        BadFile(name: "empty.json", path: "(top level)", says: "empty document, expected a JSON value"),
        BadFile(name: "top-level-array.json", path: "(top level)", says: "expected an object, found an array"),
        BadFile(name: "role-list-is-object.json", path: "RoleDetailList", says: "expected an array, found an object"),
        BadFile(name: "role-without-arn.json", path: "RoleDetailList[0]", says: #"missing "Arn""#),
        BadFile(
            name: "role-arn-unparseable.json",
            path: "RoleDetailList[0].Arn",
            says:
                #"expected an IAM role ARN (arn:aws:iam::<12-digit account>:role/…), found "arn:aws:iam:111111111111:role/Role_A""#
        ),
        BadFile(
            name: "policy-document-number.json",
            path: "RoleDetailList[0].AssumeRolePolicyDocument",
            says: "expected a policy document (object or string), found a number"
        ),
        BadFile(
            name: "policy-document-bad-urlencoding.json",
            path: "RoleDetailList[0].AssumeRolePolicyDocument",
            says: "expected a policy document, found an undecodable URL-encoded string"
        ),
        BadFile(
            name: "effect-alow.json",
            path: "RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Effect",
            says: #"expected "Allow" or "Deny", found "Alow""#
        ),
        BadFile(
            name: "action-and-notaction.json",
            path: "RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0]",
            says: #"a statement has either "Action" or "NotAction", not both"#
        ),
        BadFile(
            name: "no-action.json",
            path: "Policies[0].PolicyVersionList[0].Document.Statement[0]",
            says: #"missing "Action" or "NotAction""#
        ),
        BadFile(
            name: "statement-is-string.json",
            path: "RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement",
            says: "expected a statement object or an array of them, found a string"
        ),
        BadFile(
            name: "principal-unknown-type.json",
            path: "RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Principal.Aws",
            says: #"unknown principal type "Aws", expected AWS, Service, Federated or CanonicalUser"#
        ),
        BadFile(
            name: "invalid-utf8.json",
            path: "RoleDetailList[0].RoleName",
            says: "invalid UTF-8 in string at line 7, column 26"
        ),
        BadFile(
            name: "nan.json",
            path: "RoleDetailList[0].InstanceProfileList[0].Roles[0].MaxSessionDuration",
            says: "unexpected character 'N', expected a value at line 49"
        ),
        BadFile(
            name: "deep-nesting.json",
            path: "RoleDetailList[0].Tags[0][0][0][0][0][0][0][0][0]…(234 more)…[0][0][0][0][0][0][0][0][0][0]",
            says: "nesting deeper than 256 levels"
        ),
        BadFile(
            name: "two-documents.json",
            path: "(top level)",
            says: "unexpected text after the JSON value at line 79, column 1"
        ),
        BadFile(name: "utf16.json", path: "(top level)", says: "the file is UTF-16, not UTF-8"),
        BadFile(
            name: "mixed-accounts.json",
            path: "RoleDetailList[1].Arn",
            says: "this file mixes accounts: 222222222222 here, 111111111111 before"
        ),
        BadFile(name: "is-truncated-string.json", path: "IsTruncated", says: "expected true or false, found a string"),
        BadFile(
            name: "duplicate-managed-policy.json",
            path: "Policies[1].Arn",
            says: "arn:aws:iam::222222222222:policy/ExampleBucketRead is listed twice (also at Policies[0])"
        ),
        BadFile(
            name: "bucket-policy.policy-string-broken.json",
            path: "Policy.Statement[0].Effect",
            says: "the policy document string is not valid JSON: expected ',' or '}' in object at line 1, column 85",
            alongside: ["buckets.json"]
        ),
        BadFile(
            name: "bucket-policy.file-broken.json",
            path: "Policy",
            says: "not valid JSON: unexpected end of input, expected ',' or '}' in object",
            alongside: ["buckets.json"]
        ),
        BadFile(
            name: "bad-owner/buckets.json",
            path: "example-bucket",
            says: #"expected a 12-digit account id, found "2222-2222-2222""#
        ),
    ]
}

/// Bad files are refused with a message naming the file, the JSON path and
/// what was expected, and the database is left exactly as it was.
///
/// "Exactly" is checked on the bytes of the main database file after a
/// TRUNCATE checkpoint (`StoreFiles.checkpointedBytes`), taken before and
/// after the import through the same open store: then the main file holds
/// every committed page and the WAL nothing, so equal bytes mean no row,
/// index, schema or header changed, including tables a dump could forget
/// (the `importRun` log). The comparison stays within one open store because
/// opening for writing commits GRDB's no-op WAL set-up. A control test in
/// `LenientInputTests` shows that a good import does change the bytes.
@Suite struct BadInputTests {
    @Test(arguments: BadFile.all)
    func refusedWithPlaceAndReasonLeavingTheDatabaseUnchanged(_ bad: BadFile) throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        let file = BadInput.path("invalid/\(bad.name)")
        let paths = bad.alongside.map { BadInput.path("invalid/\($0)") } + [file]

        try StoreFiles.withStore(database) { store in
            let before = try StoreFiles.checkpointedBytes(store)
            let error = try #require(throws: StoreError.self) { try Importer(store: store).importPaths(paths) }
            guard case .invalidFile(let reportedFile, let path, let reason) = error else {
                Issue.record("expected StoreError.invalidFile, got \(error)")
                return
            }
            #expect(reportedFile == file)
            #expect(path.description == bad.path)
            #expect(reason.contains(bad.says), "reason: \(reason)")
            #expect(error.description.hasPrefix("\(file): \(bad.path): "))
            #expect(error.category == .data)
            #expect(try StoreFiles.checkpointedBytes(store) == before)
        }
    }

    @Test func everyInvalidFileOfTheCorpusHasACase() throws {
        let folder = BadInput.path("invalid")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".json") && $0 != "buckets.json" }
        #expect(Set(onDisk) == Set(BadFile.all.map(\.name)))
    }

    @Test func aMissingFileIsAnIOErrorAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        let missing = folder.file("999999999999.json")
        try StoreFiles.withStore(database) { store in
            let before = try StoreFiles.checkpointedBytes(store)
            let error = try #require(throws: StoreError.self) {
                try Importer(store: store).importPaths([BadInput.path("lenient/bom.json"), missing])
            }
            #expect(error == .unreadableFile(file: missing, reason: "no such file or folder"))
            #expect(error.category == .io)
            #expect(try StoreFiles.checkpointedBytes(store) == before)
        }
    }

    /// A good file before the bad one must not land either: one import is one transaction.
    @Test func aGoodFileBeforeTheBadOneDoesNotLand() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        try StoreFiles.withStore(database) { store in
            let before = try StoreFiles.checkpointedBytes(store)
            #expect(throws: StoreError.self) {
                try Importer(store: store).importPaths([
                    BadInput.path("lenient/principal-star.json"), BadInput.path("invalid/effect-alow.json"),
                ])
            }
            #expect(try StoreFiles.checkpointedBytes(store) == before)
        }
    }
}
