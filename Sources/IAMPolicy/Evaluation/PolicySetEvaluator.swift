/// Evaluates one request against a set of statements, statement by
/// statement: action, resource, principal, then conditions, in three-valued
/// logic (semantics.md §2, §7).
public enum PolicySetEvaluator {
    /// - Parameters:
    ///   - statements: identity, boundary, trust, bucket, SCP or RCP statements.
    ///   - isResourcePolicy: whether `Principal`/`NotPrincipal` must name the caller.
    public static func evaluate(
        _ statements: [AttributedStatement],
        caller: RequestPrincipal,
        action: String,
        resource: ResourceQuery,
        context: any ConditionContext,
        isResourcePolicy: Bool = false
    ) -> PolicySetEvaluation {
        var result = PolicySetEvaluation()
        for attributed in statements {
            guard
                let match = evaluate(
                    attributed,
                    caller: caller,
                    action: action,
                    resource: resource,
                    context: context,
                    isResourcePolicy: isResourcePolicy
                )
            else { continue }
            if match.effect == .allow {
                result.allows.append(match)
            } else {
                result.denies.append(match)
            }
        }
        return result
    }

    public static func evaluate(
        _ attributed: AttributedStatement,
        caller: RequestPrincipal,
        action: String,
        resource: ResourceQuery,
        context: any ConditionContext,
        isResourcePolicy: Bool
    ) -> StatementMatch? {
        let statement = attributed.statement
        guard attributed.coversAction(action) else { return nil }
        var principalMatch: PrincipalMatch?
        if isResourcePolicy {
            switch statement.principals {
            case .principal(let set):
                guard let match = set.match(caller, index: attributed.awsPrincipals) else { return nil }
                principalMatch = match
            case .notPrincipal(let set):
                // NotPrincipal+Deny always applies to a caller with a
                // permissions boundary, whatever it lists (R2.6).
                let quirk = statement.effect == .deny && caller.hasPermissionsBoundary
                if !quirk, set.match(caller, index: attributed.awsPrincipals) != nil { return nil }
            case nil:
                return nil
            }
        }
        let coverage = attributed.resourceCoverage(resource, context: context)
        var partial = false
        var variableKeys: [String] = []
        switch coverage {
        case .none: return nil
        case .all: break
        case .some: partial = true
        case .dependsOnVariables(let keys): variableKeys = keys
        }
        let (truth, open) = ConditionEvaluator.evaluate(
            statement.conditions,
            in: context,
            policyVariables: attributed.policyVariables
        )
        if truth == .false { return nil }
        var openConditions = truth == .true ? [] : open
        openConditions += variableKeys.map {
            ConditionClause(operatorName: "PolicyVariable", key: $0, values: statement.resources?.patterns ?? [])
        }
        return StatementMatch(
            citation: attributed.citation,
            effect: statement.effect,
            openConditions: openConditions,
            principalMatch: principalMatch,
            coversPartOfResource: partial,
            resourcePatterns: statement.resources?.patterns ?? []
        )
    }
}
