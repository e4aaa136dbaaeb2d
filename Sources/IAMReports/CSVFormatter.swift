import IAMGraph

/// CSV with the columns scripts rely on: `who-can-reach` begins with
/// `principal,principal_type,account,hops,path,action,resource,granted_by,conditions`,
/// `chains` with `source,target,hops,path,conditions`.
public struct CSVFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: ReachReport) -> String {
        var writer = CSVWriter(header: [
            "principal", "principal_type", "account", "hops", "path", "action", "resource", "granted_by", "conditions",
            "notes",
        ])
        // Cell by cell, lists joined as they are written: the same text as
        // `ReportText.path`, `.conditions` and `joined(separator:)`.
        for answer in report.answers {
            writer.appendCell(answer.principal)
            writer.appendCell(answer.principalType)
            writer.appendCell(answer.accountID ?? "")
            writer.appendCell(String(answer.hops))
            if let chain = answer.chain {
                writer.appendCell(joining: chain.nodes.lazy.map(\.arn), separator: ReportText.pathSeparator)
            } else {
                writer.appendCell(answer.principal)
            }
            writer.appendCell(answer.action)
            writer.appendCell(joining: answer.resources, separator: " ")
            writer.appendCell(joining: answer.grantedBy, separator: "; ")
            writer.appendCell(joining: answer.caveats.map(\.description), separator: ReportText.conditionSeparator)
            writer.appendCell(joining: answer.chain?.notes ?? [], separator: "; ")
            writer.endRow()
        }
        return writer.text
    }

    /// One row per hop: `step,from,to,action,granted_by,conditions,blocked_by`.
    public func format(_ explanation: Explanation) -> String {
        var writer = CSVWriter(header: ["step", "from", "to", "action", "granted_by", "conditions", "blocked_by"])
        for (index, step) in ReportText.steps(explanation).enumerated() {
            writer.append([
                String(index + 1), step.from, step.to, step.action, step.grantedBy.joined(separator: "; "),
                ReportText.conditions(step.conditions), step.blockedBy.joined(separator: "; "),
            ])
        }
        return writer.text
    }

    public func format(_ result: QueryResult) -> String {
        var writer = CSVWriter(header: result.columns)
        for row in result.rows { writer.append(row.map { $0 ?? "" }) }
        return writer.text
    }

    public func format(_ report: ChainReport) -> String {
        var writer = CSVWriter(header: [
            "source", "target", "hops", "path", "conditions", "source_type", "target_account", "notes",
        ])
        for chain in report.chains {
            writer.append([
                chain.source?.arn ?? "", chain.target?.arn ?? "", String(chain.hopCount), ReportText.path(chain),
                ReportText.conditions(chain.caveats), chain.source?.kind ?? "", chain.target?.accountID ?? "",
                chain.notes.joined(separator: "; "),
            ])
        }
        return writer.text
    }
}
