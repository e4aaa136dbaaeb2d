/// Decides one request by AWS's evaluation logic, in the order of
/// semantics.md R3.2: explicit Deny anywhere, RCPs, SCPs, the resource
/// policy, identity policies, the permissions boundary.
///
/// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html,
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html,
/// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
public enum AccessEvaluator {
    public static func evaluate(_ request: AccessRequest, policies: AccessPolicies) -> AccessDecision {
        let caller = request.caller
        let context = RequestConditionContext(
            principal: caller,
            resourceAccount: request.resourceAccount,
            resourceOrganizationID: request.resourceOrganizationID
        )
        func evaluate(_ statements: [AttributedStatement], resourcePolicy: Bool = false) -> PolicySetEvaluation {
            PolicySetEvaluator.evaluate(
                statements,
                caller: caller,
                action: request.action,
                resource: request.resource,
                context: context,
                isResourcePolicy: resourcePolicy
            )
        }

        let identity = caller.isAnalysedIdentity ? evaluate(policies.identity) : PolicySetEvaluation()
        let boundary = policies.boundary.map { evaluate($0) }
        let resource = policies.resourcePolicy.map { evaluate($0, resourcePolicy: true) }
        let controlsApply = (caller.isIdentity || caller.isRootUser) && !caller.isServiceLinked
        let scps = controlsApply ? policies.serviceControlPolicies.map { evaluate($0) } : []
        let rcps = caller.kind == .service ? [] : policies.resourceControlPolicies.map { evaluate($0) }

        // 1. An explicit Deny that certainly applies ends it (R3.1); an open one is a caveat (R7.2).
        var denies = identity.denies + (boundary?.denies ?? []) + (resource?.denies ?? [])
        denies += scps.flatMap(\.denies) + rcps.flatMap(\.denies)
        if let deny = denies.first(where: \.isCertain) { return .denied(.explicitDeny(deny.citation)) }
        var caveats = denies.flatMap(\.caveats)
        var grants: [StatementCitation] = []

        // 2-3. RCPs and SCPs never grant, but every level must allow (R3.6, R3.7).
        for (level, evaluation) in rcps.enumerated() {
            guard let allow = evaluation.bestAllow else {
                return .denied(.resourceControlPolicyDoesNotAllow("no RCP at level \(level) allows \(request.action)"))
            }
            caveats += allow.caveats
        }
        for (level, evaluation) in scps.enumerated() {
            guard let allow = evaluation.bestAllow else {
                return .denied(
                    .serviceControlPolicyDoesNotAllow(
                        "no SCP at level \(level) allows \(request.action) for \(caller.arn)"
                    )
                )
            }
            caveats += allow.caveats
        }

        // 4-6. Resource policy, identity policy and boundary, by the rules of the resource kind.
        let identityGrant = identityGrant(
            identity,
            boundary: boundary,
            caller: caller,
            policies: policies,
            action: request.action,
            resourceAccount: request.resourceAccount
        )
        let outcome: Grant?
        switch request.resourceKind {
        case .role:
            outcome = roleGrant(request, trust: resource, identity: identityGrant, boundary: boundary)
        case .bucket:
            outcome = bucketGrant(request, bucketPolicy: resource, identity: identityGrant, boundary: boundary)
        }
        switch outcome {
        case .none:
            return .denied(block(request, resource: resource, identity: identityGrant, boundary: boundary))
        case .some(let grant):
            caveats = grant.caveats + caveats
            grants += grant.citations
            return .allowed(caveats: caveats, grants: grants, resources: grant.resources)
        }
    }

    // MARK: - Grants

    /// A way the request is allowed: the statements it rests on and what it depends on.
    struct Grant {
        var caveats: [Caveat]
        var citations: [StatementCitation]
        var resources: [String] = []

        init(_ match: StatementMatch) {
            caveats = match.caveats
            citations = [match.citation]
            resources = match.resourcePatterns
        }

        init(caveats: [Caveat], citations: [StatementCitation], resources: [String] = []) {
            self.caveats = caveats
            self.citations = citations
            self.resources = resources
        }

        /// Both must hold; the resources shown are the first side's (the caller's own grant).
        func and(_ other: Grant) -> Grant {
            Grant(
                caveats: caveats + other.caveats,
                citations: citations + other.citations,
                resources: resources.isEmpty ? other.resources : resources
            )
        }

        /// The better of two alternatives: the one that depends on less.
        static func best(_ options: [Grant?]) -> Grant? {
            options.compactMap { $0 }.min { $0.caveats.count < $1.caveats.count }
        }
    }

    /// The caller's own side: identity Allow within the boundary. Callers
    /// whose policies are not in the snapshot may hold one; that is a caveat.
    private static func identityGrant(
        _ identity: PolicySetEvaluation,
        boundary: PolicySetEvaluation?,
        caller: RequestPrincipal,
        policies: AccessPolicies,
        action: String,
        resourceAccount: String?
    ) -> Grant? {
        var grant: Grant?
        switch caller.kind {
        case .user where caller.isAnalysed, .role where caller.isAnalysed:
            grant = identity.bestAllow.map(Grant.init)
            if grant == nil, let unknown = policies.unknownIdentityPolicies.first {
                grant = Grant(
                    caveats: [
                        Caveat(
                            kind: .allowedIf,
                            condition: "managed policy \(unknown), missing from the snapshot, allows \(action)"
                        )
                    ],
                    citations: []
                )
            }
        case .account where caller.isRootUser:
            // R3.1: the root user holds its own account's resources; elsewhere
            // it is like any principal of an account we cannot see into.
            grant = Grant(
                caveats: caller.accountID == resourceAccount
                    ? []
                    : [
                        Caveat(
                            kind: .allowedIf,
                            condition: "the root user of account \(caller.accountID ?? "?") calls \(action)"
                        )
                    ],
                citations: []
            )
        case .user, .role, .account:
            let account = caller.accountID ?? "?"
            grant = Grant(
                caveats: [
                    Caveat(
                        kind: .allowedIf,
                        condition: "an identity policy in account \(account) (not imported) allows \(action)"
                    )
                ],
                citations: []
            )
        case .anyone:
            grant = Grant(
                caveats: [
                    Caveat(
                        kind: .allowedIf,
                        condition: "the caller's own identity policy allows \(action) (any principal, any account)"
                    )
                ],
                citations: []
            )
        case .service, .federated:
            grant = nil
        }
        guard let identityGrant = grant else { return nil }
        guard let boundary else { return identityGrant }
        guard let boundaryAllow = boundary.bestAllow else { return nil }
        return identityGrant.and(Grant(boundaryAllow))
    }

    /// AssumeRole: the trust policy must allow (R5.1). In the same account a
    /// trust that names the caller itself suffices (R5.2), one that names the
    /// account needs the identity Allow (R5.3); across accounts the identity
    /// Allow is always needed (R5.4). A boundary limits both (R5.2 b).
    private static func roleGrant(
        _ request: AccessRequest,
        trust: PolicySetEvaluation?,
        identity: Grant?,
        boundary: PolicySetEvaluation?
    ) -> Grant? {
        guard let trust, !trust.allows.isEmpty else { return nil }
        let caller = request.caller
        let trustAlone: Grant?
        let direct = trust.allows.filter { $0.principalMatch?.namesCallerDirectly ?? false }
        let callerHasNoIdentitySide = caller.kind == .service || caller.kind == .federated
        if let best = PolicySetEvaluation(allows: direct).bestAllow, request.isSameAccount || callerHasNoIdentitySide {
            var grant = Grant(best)
            if let boundary {
                guard let boundaryAllow = boundary.bestAllow else { return nil }
                grant = grant.and(Grant(boundaryAllow))
            }
            trustAlone = grant
        } else {
            trustAlone = nil
        }
        let withIdentity = trust.bestAllow.flatMap { trustAllow in identity.map { Grant(trustAllow).and($0) } }
        return Grant.best([trustAlone, withIdentity])
    }

    /// S3: in the same account the identity policy or the bucket policy
    /// suffices (R3.3); across accounts both must allow (R4.1). A bucket
    /// policy naming a role ARN is limited by the role's boundary, one
    /// naming a user or a session is not (R3.4); naming the account only
    /// delegates (R3.8). With the owner unknown, the identity grant decides.
    private static func bucketGrant(
        _ request: AccessRequest,
        bucketPolicy: PolicySetEvaluation?,
        identity: Grant?,
        boundary: PolicySetEvaluation?
    ) -> Grant? {
        guard request.resourceAccount != nil else { return identity }
        let allows = bucketPolicy?.allows ?? []
        // Callers with no identity side: the bucket policy alone grants them.
        // - `Principal: "*"` is public access and includes anonymous callers,
        //   who have no identity policy (semantics.md R6.2; "All principals" in
        //   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
        //   A role's trust `*` differs: anonymous callers cannot call
        //   AssumeRole, so `roleGrant` keeps the identity caveat (R5.9).
        // - A service principal named in the bucket policy acts on that grant
        //   alone ("AWS service principals" on the same page; R6.2, R7.1).
        //   Before, both fell into the cross-account branch and either needed
        //   an identity grant they cannot have (services: no reach at all) or
        //   carried a spurious caveat (anyone).
        if request.caller.kind == .anyone || request.caller.kind == .service {
            return PolicySetEvaluation(allows: allows).bestAllow.map(Grant.init)
        }
        if request.isSameAccount {
            let directGrants: [Grant?] = allows.filter { $0.principalMatch?.namesCallerDirectly ?? false }.map {
                match in
                guard request.caller.kind == .role, match.principalMatch == .named, let boundary else {
                    return Grant(match)
                }
                return boundary.bestAllow.map { Grant(match).and(Grant($0)) }
            }
            return Grant.best([identity] + directGrants)
        }
        guard let bucketAllow = PolicySetEvaluation(allows: allows).bestAllow, let identity else { return nil }
        return identity.and(Grant(bucketAllow))
    }

    // MARK: - Why not

    private static func block(
        _ request: AccessRequest,
        resource: PolicySetEvaluation?,
        identity: Grant?,
        boundary: PolicySetEvaluation?
    ) -> AccessBlock {
        let caller = request.caller
        let kind = request.resourceKind == .role ? "trust policy" : "bucket policy"
        if request.resourceKind == .role, resource?.allows.isEmpty ?? true {
            return .resourcePolicyDoesNotAllow("the \(kind) does not allow \(caller.arn) to \(request.action)")
        }
        if let boundary, boundary.bestAllow == nil {
            return .boundaryDoesNotAllow("the permissions boundary of \(caller.arn) does not allow \(request.action)")
        }
        if identity == nil {
            let why = request.isSameAccount ? "" : " (cross-account, so the identity Allow is required)"
            return .noIdentityAllow(
                "no identity policy of \(caller.arn) allows \(request.action) on \(request.resource)\(why)"
            )
        }
        return .resourcePolicyDoesNotAllow(
            "the \(kind) does not allow \(caller.arn) to \(request.action) from another account"
        )
    }
}
