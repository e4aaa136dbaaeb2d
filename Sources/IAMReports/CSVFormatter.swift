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
        for answer in report.answers {
            writer.append([
                answer.principal, answer.principalType, answer.accountID ?? "",
                String(answer.hops),
                ReportText.path(answer), answer.action, answer.resources.joined(separator: " "),
                answer.grantedBy.joined(separator: "; "), ReportText.conditions(answer.caveats),
                (answer.chain?.notes ?? []).joined(separator: "; "),
            ])
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
