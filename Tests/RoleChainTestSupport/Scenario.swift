import Foundation
import IAMGraph
import IAMPolicy
import IAMStore

/// A small estate built in a test, imported through the real importer into
/// an in-memory store, with questions about it.
public struct Scenario {
    public var accounts: [AccountBuilder]
    /// bucket → (owner, policy JSON or nil)
    public var buckets: [String: (owner: String, policy: String?)] = [:]
    public let store: RoleChainStore
    /// The snapshot files the scenario imported, removed with the scenario.
    private let files: TemporaryFolder

    public init(
        _ accounts: [AccountBuilder],
        buckets: [String: (owner: String, policy: String?)] = [:],
        organization: OrganizationBuilder? = nil
    ) throws {
        self.accounts = accounts
        self.buckets = buckets
        files = try TemporaryFolder()
        let directory = files.url
        var owners: [String: JSONValue] = [:]
        for account in accounts {
            try Data(account.text.utf8).write(to: directory.appendingPathComponent("\(account.accountID).json"))
        }
        for (bucket, info) in buckets {
            owners[bucket] = .string(info.owner)
            if let policy = info.policy {
                let wrapped = JSONValue.object(["Policy": .string(policy)]).serialized
                try Data(wrapped.utf8).write(to: directory.appendingPathComponent("bucket-policy.\(bucket).json"))
            }
        }
        if !owners.isEmpty {
            try Data(JSONValue.object(owners).serialized.utf8).write(
                to: directory.appendingPathComponent("buckets.json")
            )
        }
        store = try RoleChainStore.inMemory()
        if !accounts.isEmpty || !buckets.isEmpty {
            _ = try Importer(store: store).importPaths([directory.path])
        }
        if let organization {
            let folder = directory.appendingPathComponent("organization")
            try organization.write(to: folder)
            _ = try Importer(store: store).importOrganization(folder: folder.path)
        }
    }

    public var folder: String { files.path }

    /// Direct edges as (source, target, isConditional).
    public func edges() throws -> [Edge] {
        try ChainQueries(store: store).allChains(options: .init(maxHops: 1)).map { chain in
            Edge(
                source: chain.source?.arn ?? "",
                target: chain.target?.arn ?? "",
                caveats: chain.caveats,
                notes: chain.notes
            )
        }
    }

    public func edge(_ source: String, _ target: String) throws -> Edge? {
        try edges().first { $0.source == source && $0.target == target }
    }

    public func reach(
        _ bucket: String,
        action: String = "s3:GetObject",
        key: String? = nil,
        maxHops: Int = 6,
        unconditionalOnly: Bool = false
    ) throws -> ReachReport {
        try BucketReachQuery(store: store, organizations: OrganizationLoader.load(store)).answer(
            BucketQuestion(
                bucket: bucket,
                actions: [action],
                key: key,
                options: .init(maxHops: maxHops, unconditionalOnly: unconditionalOnly)
            )
        )
    }

    public func reacher(_ principal: String, of bucket: String, action: String = "s3:GetObject", key: String? = nil)
        throws -> ReachAnswer?
    {
        try reach(bucket, action: action, key: key).answers.first { $0.principal == principal }
    }

    public func findings() throws -> [String] {
        try StoreStatistics.read(from: store).findings.map(\.kind)
    }

    public struct Edge: Equatable, CustomStringConvertible {
        public var source: String
        public var target: String
        public var caveats: [Caveat]
        public var notes: [String] = []
        public var isConditional: Bool { !caveats.isEmpty }
        public var description: String { "\(source) -> \(target)\(isConditional ? " [conditional]" : "")" }
    }
}
