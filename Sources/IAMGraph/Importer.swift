import Foundation
import IAMPolicy
import IAMStore

/// What an import did, for the summary line and `stats`.
public struct ImportSummary: Sendable {
    public var accounts: [String] = []
    public var buckets: [String] = []
    public var principals = 0
    public var edges = 0
    public var conditionalEdges = 0
    public var warnings: [String] = []
    /// Seconds per phase, in order, for `--verbose` and the benchmark.
    public var timings: [(phase: String, seconds: Double)] = []
}

/// Measures phases of an import with a monotonic clock.
struct PhaseClock {
    private var last = ContinuousClock.now
    private(set) var timings: [(phase: String, seconds: Double)] = []

    mutating func lap(_ phase: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        timings.append((phase, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        last = now
    }
}

/// Progress of a long import, for a terminal.
public struct ImportProgress: Sendable {
    public var filesDone: Int
    public var fileCount: Int
    public var stage: String
    /// Users and roles read so far.
    public var principals: Int = 0
}

/// Imports snapshot files and derives the graph, all in one transaction:
/// every file lands, edges are derived from the whole store, or — on the
/// first bad file — nothing changes at all.
public struct Importer: Sendable {
    let store: RoleChainStore

    public init(store: RoleChainStore) {
        self.store = store
    }

    /// Imports account snapshots and bucket policies from files and folders
    /// (see ``SnapshotFiles``), replacing what the store had for those
    /// accounts and buckets.
    public func importPaths(
        _ paths: [String],
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws -> ImportSummary {
        let files = try SnapshotFiles.discover(paths)
        var owners: [String: String] = [:]
        for file in files.bucketOwnerFiles {
            owners.merge(try SnapshotFiles.readBucketOwners(file)) { _, new in new }
        }
        for (bucket, file) in files.bucketPolicyFiles where owners[bucket] == nil {
            throw StoreError.invalidFile(
                file: file,
                path: .root,
                reason:
                    "the owner of bucket '\(bucket)' is not given: add it to \(SnapshotFiles.bucketOwnersName) beside the file, or use 'rolechain import-bucket-policy \(bucket) FILE --account ID'"
            )
        }
        let total = files.accountFiles.count + files.bucketPolicyFiles.count
        var clock = PhaseClock()
        var summary = try store.write { writer in
            try writer.logImport(command: "import", files: paths)
            var summary = ImportSummary()
            // Into an empty store, indexes are built once after loading
            // rather than updated row by row.
            let suspended =
                try writer.holdsNoSnapshot() ? try writer.suspendIndexes(of: Self.bulkLoadedTables) : nil
            // Parsing runs one file ahead on another core while this one writes.
            let prefetcher = SnapshotPrefetcher(files: files.accountFiles)
            defer { prefetcher.cancel() }
            for (offset, file) in files.accountFiles.enumerated() {
                let snapshot = try prefetcher.snapshot(at: offset)
                try writer.replaceAccount(with: snapshot)
                summary.accounts.append(snapshot.accountID)
                summary.principals += snapshot.users.count + snapshot.roles.count
                if snapshot.isTruncated {
                    summary.warnings.append("\(file): the snapshot is marked IsTruncated; it is incomplete")
                }
                progress?(
                    ImportProgress(
                        filesDone: offset + 1,
                        fileCount: total,
                        stage: "reading snapshots",
                        principals: summary.principals
                    )
                )
            }
            if let suspended { try writer.restore(suspended) }
            for (bucket, file) in files.bucketPolicyFiles {
                try writer.replaceBucket(
                    name: bucket,
                    accountID: owners[bucket],
                    policy: try SnapshotFiles.readBucketPolicy(file),
                    sourceFile: file
                )
                summary.buckets.append(bucket)
            }
            for (bucket, owner) in owners where !files.bucketPolicyFiles.contains(where: { $0.bucket == bucket }) {
                try writer.replaceBucket(name: bucket, accountID: owner, policy: nil, sourceFile: nil)
            }
            clock.lap("read and store snapshots")
            progress?(
                ImportProgress(
                    filesDone: total,
                    fileCount: total,
                    stage: "deriving edges",
                    principals: summary.principals
                )
            )
            let derived = try deriveGraph(writer, clock: &clock)
            summary.edges = derived.edges
            summary.conditionalEdges = derived.conditional
            return summary
        }
        clock.lap("commit")
        summary.timings = clock.timings
        return summary
    }

    /// The tables an account snapshot fills.
    static let bulkLoadedTables = [
        "principal", "groupMembership", "instanceProfile", "policy", "policyAttachment", "statement",
        "statementAction", "statementResource", "statementPrincipal", "statementCondition",
    ]

    /// Imports one bucket policy file for `bucket`, owned by `accountID`.
    public func importBucketPolicy(bucket: String, file: String, accountID: String) throws {
        let document = try SnapshotFiles.readBucketPolicy(file)
        try store.write { writer in
            try writer.logImport(command: "import-bucket-policy", files: [file])
            try writer.replaceBucket(
                name: BucketQuestion.bucketName(bucket),
                accountID: accountID,
                policy: document,
                sourceFile: file
            )
        }
    }

    /// Imports an organization folder (the layout of
    /// `Scripts/collect-organization.sh`) and derives the graph again, since
    /// SCPs, RCPs and `aws:PrincipalOrgID` change which edges exist.
    public func importOrganization(folder: String) throws -> ImportSummary {
        let snapshot = try OrganizationSnapshot.read(folder: folder)
        return try store.write { writer in
            try writer.logImport(command: "import-organization", files: [folder])
            try writer.replaceOrganization(with: snapshot)
            let derived = try deriveGraph(writer)
            var summary = ImportSummary()
            summary.accounts = snapshot.nodes.filter { $0.kind == "account" }.map(\.id)
            summary.edges = derived.edges
            summary.conditionalEdges = derived.conditional
            return summary
        }
    }

    /// Derives every edge from what the store holds now and replaces the old ones.
    @discardableResult
    func deriveGraph(_ writer: StoreWriter) throws -> (edges: Int, conditional: Int) {
        var clock = PhaseClock()
        return try deriveGraph(writer, clock: &clock)
    }

    /// Edges go to the database as they are decided, on this thread, while
    /// workers decide the next (``DerivationPipeline``): memory holds the
    /// policies derivation needs, never the whole edge list.
    func deriveGraph(_ writer: StoreWriter, clock: inout PhaseClock) throws -> (edges: Int, conditional: Int) {
        let organizations = try OrganizationLoader.load(writer.db)
        let identity = try IdentityPolicies.load(writer.db, service: "sts")
        // Classes and index are built on another core while trusts load.
        let preparation = BackgroundPreparation(identity: identity, organizations: organizations)
        let deriver = try EdgeDeriver.load(writer, identity: identity, organizations: organizations)
        clock.lap("load policies for derivation")
        var sink = try writer.beginDerivedGraph()
        let pipeline = DerivationPipeline(deriver: deriver, preparation: preparation)
        do {
            while let batch = pipeline.next() {
                for edge in batch { try sink.write(edge) }
            }
            let findings = try pipeline.finish { try sink.write($0) }
            try writer.finishDerivedGraph(sink, findings: findings)
        } catch {
            pipeline.cancel()
            throw error
        }
        clock.lap("derive and store edges")
        return (sink.count, sink.conditionalCount)
    }
}
