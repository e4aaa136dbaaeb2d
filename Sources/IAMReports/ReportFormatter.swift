import IAMPolicy
import IAMGraph

/// Writes query results in one format; one type per format.
public protocol ReportFormatter: Sendable {
    func format(_ report: ReachReport) -> String
    func format(_ report: ChainReport) -> String
    /// The rows of `rolechain sql`. Diagram formats draw rows that have
    /// `source` and `target` columns (and an optional `label`) as edges.
    func format(_ result: QueryResult) -> String
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
    static func path(_ answer: ReachAnswer) -> String {
        answer.path.joined(separator: " -> ")
    }

    static func path(_ chain: Chain) -> String {
        chain.nodes.map(\.arn).joined(separator: " -> ")
    }

    static func conditions(_ caveats: [Caveat]) -> String {
        caveats.map(\.description).joined(separator: "; ")
    }

    /// `principal_type` in reports: `anyone` for `*`, otherwise the node kind.
    static func principalType(_ kind: String) -> String {
        kind
    }
}
