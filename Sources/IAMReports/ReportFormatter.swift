import IAMGraph
import IAMPolicy

/// Writes query results in one format; one type per format.
public protocol ReportFormatter: Sendable {
    func format(_ report: ReachReport) -> String
    func format(_ report: ChainReport) -> String
    /// The rows of `rolechain sql`. Diagram formats draw rows that have
    /// `source` and `target` columns (and an optional `label`) as edges.
    func format(_ result: QueryResult) -> String
    func format(_ explanation: Explanation) -> String
}

/// The answer of `rolechain chains`.
public struct ChainReport: Sendable, Codable {
    public var chains: [Chain]
    public var warnings: [String]

    public init(chains: [Chain], warnings: [String] = []) {
        self.chains = chains
        self.warnings = warnings
    }
}

/// The text forms shared by the formatters, so every format says the same.
enum ReportText {
    /// One line per hop of an explanation: who, to whom, by which statements, on which conditions.
    struct ExplanationStep {
        var from: String
        var to: String
        var action: String
        var grantedBy: [String]
        var conditions: [Caveat]
        var blockedBy: [String]
    }

    static func steps(_ explanation: Explanation) -> [ExplanationStep] {
        var steps: [ExplanationStep] = []
        if let chain = explanation.chain {
            for (index, hop) in chain.hops.enumerated() {
                steps.append(
                    ExplanationStep(
                        from: chain.nodes[index].arn,
                        to: chain.nodes[index + 1].arn,
                        action: "sts:AssumeRole",
                        grantedBy: hop.grants,
                        conditions: hop.caveats,
                        blockedBy: []
                    )
                )
            }
        }
        if let access = explanation.access {
            steps.append(
                ExplanationStep(
                    from: access.path.last ?? access.principal,
                    to: explanation.to,
                    action: access.action
                        + (access.resources.isEmpty ? "" : " on " + access.resources.joined(separator: ", ")),
                    grantedBy: access.grantedBy,
                    conditions: access.caveats.filter { caveat in
                        !(explanation.chain?.caveats.contains(caveat) ?? false)
                    },
                    blockedBy: []
                )
            )
        }
        for hop in explanation.blocked {
            steps.append(
                ExplanationStep(
                    from: hop.from,
                    to: hop.to,
                    action: hop.action,
                    grantedBy: [],
                    conditions: [],
                    blockedBy: hop.reasons
                )
            )
        }
        return steps
    }

    /// Between the principals of a path.
    static let pathSeparator = " -> "
    /// Between the caveats of a list of conditions.
    static let conditionSeparator = "; "

    static func path(_ answer: ReachAnswer) -> String {
        answer.path.joined(separator: pathSeparator)
    }

    static func path(_ chain: Chain) -> String {
        chain.nodes.map(\.arn).joined(separator: pathSeparator)
    }

    static func conditions(_ caveats: [Caveat]) -> String {
        caveats.map(\.description).joined(separator: conditionSeparator)
    }

}
