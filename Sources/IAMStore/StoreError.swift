import IAMPolicy

/// Everything that can go wrong opening the store or importing into it.
/// Each case names the file and, for bad data, the JSON path, because the
/// person reading the message has to find the place in a large snapshot.
public enum StoreError: Error, Equatable, Sendable {
    /// An input file does not have the shape its kind of file must have.
    case invalidFile(file: String, path: JSONPath, reason: String)
    /// An input file could not be read at all.
    case unreadableFile(file: String, reason: String)
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer RoleChain, with migrations this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file exists but is not a RoleChain database.
    case notARoleChainDatabase(path: String, reason: String)
    /// Another process holds the write lock past the busy timeout.
    case busy(path: String)
    /// A command named a bucket the store does not know.
    case unknownBucket(String)
    /// A path on the command line names nothing importable.
    case nothingToImport(path: String)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidFile(let file, let path, let reason):
            "\(file): \(path): \(reason)"
        case .unreadableFile(let file, let reason):
            "\(file): cannot read the file: \(reason)"
        case .cannotOpen(let path, let reason):
            "cannot open the database '\(path)': \(reason)"
        case .newerSchema(let path, let unknown):
            "the database '\(path)' was written by a newer RoleChain (unknown migrations: \(unknown.joined(separator: ", "))); nothing was changed"
        case .notARoleChainDatabase(let path, let reason):
            "'\(path)' is not a RoleChain database (\(reason)); nothing was changed"
        case .busy(let path):
            "the database '\(path)' is locked by another import; try again when it has finished"
        case .unknownBucket(let name):
            "no bucket named '\(name)' is known"
        case .nothingToImport(let path):
            "'\(path)' holds no snapshot files (expected <12-digit account id>.json files)"
        }
    }

    /// Which kind of failure, for the CLI's exit codes.
    public var category: Category {
        switch self {
        case .invalidFile, .notARoleChainDatabase, .newerSchema, .unknownBucket, .nothingToImport: .data
        case .unreadableFile, .cannotOpen: .io
        case .busy: .busy
        }
    }

    public enum Category: Sendable {
        case data
        case io
        case busy
    }
}
