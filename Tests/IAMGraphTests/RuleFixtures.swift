import Foundation
import IAMGraph
import IAMPolicy
import IAMStore
import RoleChainTestSupport

/// Accounts and names of semantics.md §9: 111111111111 (A), 222222222222
/// (B), 333333333333 (external); `example-bucket` is in 222 unless stated.
enum Fixture {
    static let a = "111111111111"
    static let b = "222222222222"
    static let external = "333333333333"
    static let bucket = "example-bucket"

    static func role(_ account: String, _ name: String, path: String = "/") -> String {
        "arn:aws:iam::\(account):role\(path)\(name)"
    }

    static func user(_ account: String, _ name: String) -> String {
        "arn:aws:iam::\(account):user/\(name)"
    }

    static func root(_ account: String) -> String {
        "arn:aws:iam::\(account):root"
    }

    /// A trust policy that allows nobody: lets a role exist without edges into it.
    static let unusedTrust = Policies.statementDocument(
        #""Principal": "*", "Action": "sts:AssumeRole""#,
        effect: "Deny"
    )

    /// A permissions boundary that allows everything except STS and S3.
    static let boundaryWithoutSTSOrS3 = Policies.document(
        #"{"Effect": "Allow", "NotAction": ["sts:*", "s3:*"], "Resource": "*"}"#
    )
    /// A permissions boundary that allows everything.
    static let boundaryAllowingAll = Policies.allow("*", on: "*")

    static let allowAssumeAny = Policies.allow("sts:AssumeRole", on: "*")
    static let allowGetObjects = Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket/*")

    /// A bucket policy with one statement; `principal` is the JSON of `Principal`.
    static func bucketPolicy(
        effect: String = "Allow",
        principal: String,
        action: String = "s3:GetObject",
        resource: String = "arn:aws:s3:::example-bucket/*",
        condition: String? = nil
    ) -> String {
        Policies.statementDocument(
            #""Principal": \#(principal), "Action": "\#(action)", "Resource": "\#(resource)""#,
            effect: effect,
            condition: condition
        )
    }

    /// One statement object (for `Policies.document`).
    static func statement(
        _ effect: String,
        principal: String,
        action: String,
        resource: String,
        condition: String? = nil
    ) -> String {
        let conditionPart = condition.map { #", "Condition": \#($0)"# } ?? ""
        return
            #"{"Effect": "\#(effect)", "Principal": \#(principal), "Action": "\#(action)", "Resource": "\#(resource)"\#(conditionPart)}"#
    }
}

extension Scenario {
    /// The principals that reach the bucket with `action`, by ARN.
    func reachers(_ bucket: String = Fixture.bucket, action: String = "s3:GetObject", key: String? = nil) throws -> Set<
        String
    > {
        Set(try reach(bucket, action: action, key: key).answers.map(\.principal))
    }

    /// How many AssumeRole edges the store holds, self edges included
    /// (chain queries never show a principal reaching itself).
    func storedEdgeCount() throws -> Int {
        try StoreStatistics.read(from: store).edges
    }

    func principalID(_ arn: String) throws -> Int64 {
        try PrincipalLookup(store: store).id(of: arn)
    }

    /// Shortest chains from `arn`, keyed by target ARN.
    func chains(from arn: String, maxHops: Int = 6, unconditionalOnly: Bool = false) throws -> [String: Chain] {
        let chains = try ChainQueries(store: store).chains(
            from: principalID(arn),
            options: .init(maxHops: maxHops, unconditionalOnly: unconditionalOnly)
        )
        return Dictionary(chains.map { ($0.target?.arn ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    func findingMessages() throws -> [String] {
        try StoreStatistics.read(from: store).findings.map(\.message)
    }
}

extension Array where Element == Caveat {
    /// Every condition key the caveats name.
    var keys: Set<String> { Set(flatMap(\.keys)) }

    func keys(of kind: Caveat.Kind) -> Set<String> {
        Set(filter { $0.kind == kind }.flatMap(\.keys))
    }
}
