import IAMGraph

/// A Mermaid `flowchart LR`, which GitHub renders: one subgraph per
/// account, entry principals outside them, conditional edges dashed.
public struct MermaidFormatter: ReportFormatter {
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
        var lines = ["flowchart LR"]
        for node in diagram.nodes where node.account == nil {
            lines.append(
                "    \(node.id)\(node.isEntry ? "([" : "[")\"\(Self.escape(node.label))\"\(node.isEntry ? "])" : "]")"
            )
        }
        for (index, group) in diagram.accounts.enumerated() {
            lines.append("    subgraph account\(index)[\"account \(group.account)\"]")
            for node in group.nodes {
                lines.append("        \(node.id)[\"\(Self.escape(node.label))\"]")
            }
            lines.append("    end")
        }
        for edge in diagram.edges {
            let arrow = edge.isConditional ? "-.->" : "-->"
            lines.append("    \(edge.from) \(arrow)|\"\(Self.escape(edge.label))\"| \(edge.to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid labels are quoted; a quote inside is written as an entity.
    static func escape(_ text: String) -> String {
        text.replacing("\"", with: "#quot;")
    }
}
