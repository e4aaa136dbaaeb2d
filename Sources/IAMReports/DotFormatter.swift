import IAMGraph

/// Graphviz DOT (`dot -Tsvg`): one cluster per account, entry principals
/// as ellipses, conditional edges dashed.
public struct DotFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: ReachReport) -> String {
        render(GraphDiagram(report))
    }

    public func format(_ report: ChainReport) -> String {
        render(GraphDiagram(report))
    }

    public func format(_ explanation: Explanation) -> String {
        render(GraphDiagram(explanation))
    }

    public func format(_ result: QueryResult) -> String {
        render(GraphDiagram(result))
    }

    private func render(_ diagram: GraphDiagram) -> String {
        var lines = ["digraph rolechain {", "    rankdir=LR;", "    node [shape=box, fontname=\"Helvetica\"];"]
        for node in diagram.nodes where node.account == nil {
            lines.append("    \(node.id) [label=\(Self.quote(node.label))\(node.isEntry ? ", shape=ellipse" : "")];")
        }
        for (index, group) in diagram.accounts.enumerated() {
            lines.append("    subgraph cluster_\(index) {")
            lines.append("        label=\(Self.quote("account \(group.account)"));")
            for node in group.nodes {
                lines.append("        \(node.id) [label=\(Self.quote(node.label))];")
            }
            lines.append("    }")
        }
        for edge in diagram.edges {
            let style = edge.isConditional ? ", style=dashed" : ""
            lines.append("    \(edge.from) -> \(edge.to) [label=\(Self.quote(edge.label))\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT string literal: backslashes and quotes escaped.
    static func quote(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
