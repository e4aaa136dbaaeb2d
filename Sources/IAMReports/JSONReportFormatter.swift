import Foundation
import IAMGraph
import IAMPolicy

/// JSON in the documented shape (README, "JSON output"). The shape is made
/// of dedicated types rather than the library's own, so that the library
/// can change without breaking the tools that read this output.
public struct JSONReportFormatter: ReportFormatter {
    public init() {}

    struct Condition: Encodable {
        var kind: String
        var condition: String
        var keys: [String]
        var source: String?

        init(_ caveat: Caveat) {
            kind = caveat.kind.rawValue
            condition = caveat.condition
            keys = caveat.keys
            source = caveat.source
        }
    }

    struct Hop: Encodable {
        var from: String
        var to: String
        var action = "sts:AssumeRole"
        var grantedBy: [String]
        var conditions: [Condition]
        var notes: [String]
    }

    struct Answer: Encodable {
        var principal: String
        var principalType: String
        var account: String?
        var hops: Int
        var path: [String]
        var chain: [Hop]
        var action: String
        var resources: [String]
        var grantedBy: [String]
        var conditional: Bool
        var conditions: [Condition]
    }

    struct Reach: Encodable {
        var bucket: String
        var bucketAccount: String?
        var actions: [String]
        var answers: [Answer]
        var warnings: [String]
    }

    struct ChainEntry: Encodable {
        var source: String
        var sourceType: String
        var target: String
        var hops: Int
        var path: [String]
        var chain: [Hop]
        var conditional: Bool
        var conditions: [Condition]
    }

    struct Chains: Encodable {
        var chains: [ChainEntry]
        var warnings: [String]
    }

    static func hops(_ chain: Chain?) -> [Hop] {
        guard let chain else { return [] }
        return zip(zip(chain.nodes, chain.nodes.dropFirst()), chain.hops).map { pair, hop in
            Hop(
                from: pair.0.arn,
                to: pair.1.arn,
                grantedBy: hop.grants,
                conditions: hop.caveats.map(Condition.init),
                notes: hop.notes
            )
        }
    }

    public func format(_ report: ReachReport) -> String {
        let answers = report.answers.map { answer in
            Answer(
                principal: answer.principal,
                principalType: answer.principalType,
                account: answer.accountID,
                hops: answer.hops,
                path: answer.path,
                chain: Self.hops(answer.chain),
                action: answer.action,
                resources: answer.resources,
                grantedBy: answer.grantedBy,
                conditional: !answer.caveats.isEmpty,
                conditions: answer.caveats.map(Condition.init)
            )
        }
        return encode(
            Reach(
                bucket: report.bucket,
                bucketAccount: report.bucketAccount,
                actions: report.actions,
                answers: answers,
                warnings: report.warnings
            )
        )
    }

    /// An array of objects, one per row, keyed by column name.
    public func format(_ result: QueryResult) -> String {
        let rows = result.rows.map { row in
            Dictionary(zip(result.columns, row).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        }
        return encode(rows)
    }

    public func format(_ explanation: Explanation) -> String {
        struct Step: Encodable {
            var from: String
            var to: String
            var action: String
            var grantedBy: [String]
            var conditions: [Condition]
            var blockedBy: [String]
        }
        struct Body: Encodable {
            var from: String
            var to: String
            var action: String
            var reachable: Bool
            var steps: [Step]
            var notes: [String]
        }
        let steps = ReportText.steps(explanation).map {
            Step(
                from: $0.from,
                to: $0.to,
                action: $0.action,
                grantedBy: $0.grantedBy,
                conditions: $0.conditions.map(Condition.init),
                blockedBy: $0.blockedBy
            )
        }
        return encode(
            Body(
                from: explanation.from,
                to: explanation.to,
                action: explanation.action,
                reachable: explanation.isReachable,
                steps: steps,
                notes: explanation.notes
            )
        )
    }

    public func format(_ report: ChainReport) -> String {
        let entries = report.chains.map { chain in
            ChainEntry(
                source: chain.source?.arn ?? "",
                sourceType: chain.source?.kind ?? "",
                target: chain.target?.arn ?? "",
                hops: chain.hopCount,
                path: chain.nodes.map(\.arn),
                chain: Self.hops(chain),
                conditional: !chain.caveats.isEmpty,
                conditions: chain.caveats.map(Condition.init)
            )
        }
        return encode(Chains(chains: entries, warnings: report.warnings))
    }

    private func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
