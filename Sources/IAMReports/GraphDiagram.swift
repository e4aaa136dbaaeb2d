import IAMGraph

/// The graph a diagram draws, shared by the Mermaid and DOT formatters:
/// nodes grouped by account, AssumeRole edges, and the access edges to the
/// bucket, each edge conditional or not.
struct GraphDiagram {
    struct Node: Hashable {
        var id: String
        var label: String
        var account: String?
        var isEntry: Bool
    }

    struct Edge: Hashable {
        var from: String
        var to: String
        var label: String
        var isConditional: Bool
    }

    private(set) var nodes: [Node] = []
    private(set) var edges: [Edge] = []
    private var nodeIDs: [String: String] = [:]
    private var edgeKeys: Set<String> = []

    init(_ report: ReachReport) {
        let bucketID = node(
            for: "s3://\(report.bucket)",
            account: report.bucketAccount,
            isEntry: false,
            label: "s3://\(report.bucket)"
        )
        for answer in report.answers {
            if let chain = answer.chain {
                add(chain)
            }
            let holderArn = answer.path.last ?? answer.principal
            let holder = node(
                for: holderArn,
                account: answer.chain?.target?.accountID ?? answer.accountID,
                isEntry: answer.chain == nil
            )
            addEdge(from: holder, to: bucketID, label: answer.action, isConditional: !answer.caveats.isEmpty)
        }
    }

    init(_ report: ChainReport) {
        for chain in report.chains { add(chain) }
    }

    /// The explained chain, and each blocked hop as a dashed edge labelled "blocked".
    init(_ explanation: Explanation) {
        for step in ReportText.steps(explanation) {
            let from = node(
                for: step.from,
                account: Self.account(of: step.from),
                isEntry: Self.account(of: step.from) == nil
            )
            let to = node(for: step.to, account: Self.account(of: step.to), isEntry: Self.account(of: step.to) == nil)
            let label = step.blockedBy.isEmpty ? step.action : "blocked: \(step.action)"
            addEdge(
                from: from,
                to: to,
                label: label,
                isConditional: !step.conditions.isEmpty || !step.blockedBy.isEmpty
            )
        }
    }

    /// Rows with `source` and `target` columns become edges, labelled by
    /// `label` when there is one and dashed when `isConditional` is 1.
    init(_ result: QueryResult) {
        guard let source = result.columns.firstIndex(of: "source") ?? result.columns.firstIndex(of: "sourceArn"),
            let target = result.columns.firstIndex(of: "target") ?? result.columns.firstIndex(of: "targetArn")
        else { return }
        let label = result.columns.firstIndex(of: "label")
        let conditional = result.columns.firstIndex(of: "isConditional")
        for row in result.rows {
            guard let from = row[source], let to = row[target] else { continue }
            let fromID = node(for: from, account: Self.account(of: from), isEntry: Self.account(of: from) == nil)
            let toID = node(for: to, account: Self.account(of: to), isEntry: Self.account(of: to) == nil)
            addEdge(
                from: fromID,
                to: toID,
                label: label.flatMap { row[$0] } ?? "",
                isConditional: conditional.flatMap { row[$0] } == "1"
            )
        }
    }

    private static func account(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 && parts[4].count == 12 ? String(parts[4]) : nil
    }

    private mutating func add(_ chain: Chain) {
        for (index, hop) in chain.hops.enumerated() {
            let from = chain.nodes[index]
            let to = chain.nodes[index + 1]
            let fromID = node(for: from.arn, account: from.accountID, isEntry: !from.isAnalysed)
            let toID = node(for: to.arn, account: to.accountID, isEntry: !to.isAnalysed)
            addEdge(from: fromID, to: toID, label: "sts:AssumeRole", isConditional: !hop.caveats.isEmpty)
        }
        if chain.hops.isEmpty, let only = chain.nodes.first {
            _ = node(for: only.arn, account: only.accountID, isEntry: !only.isAnalysed)
        }
    }

    private mutating func node(for key: String, account: String?, isEntry: Bool, label: String? = nil) -> String {
        if let id = nodeIDs[key] { return id }
        let id = "n\(nodes.count)"
        nodeIDs[key] = id
        nodes.append(
            Node(id: id, label: label ?? Self.shortLabel(key), account: isEntry ? nil : account, isEntry: isEntry)
        )
        return id
    }

    private mutating func addEdge(from: String, to: String, label: String, isConditional: Bool) {
        guard edgeKeys.insert("\(from)>\(to)>\(label)").inserted else { return }
        edges.append(Edge(from: from, to: to, label: label, isConditional: isConditional))
    }

    /// `arn:aws:iam::111111111111:role/Role_A` → `role/Role_A`; the account is the subgraph.
    static func shortLabel(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam" || parts[2] == "sts" else { return arn }
        return parts[5] == "root" ? "account \(parts[4])" : String(parts[5])
    }

    /// Accounts in first-seen order, with their nodes.
    var accounts: [(account: String, nodes: [Node])] {
        var order: [String] = []
        var members: [String: [Node]] = [:]
        for node in nodes {
            guard let account = node.account else { continue }
            if members[account] == nil { order.append(account) }
            members[account, default: []].append(node)
        }
        return order.map { ($0, members[$0] ?? []) }
    }
}
