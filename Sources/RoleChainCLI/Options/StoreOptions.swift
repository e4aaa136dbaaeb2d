import ArgumentParser
import Foundation
import IAMStore

/// Where the database is: `--db`, else `ROLECHAIN_DB`, else `./rolechain.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $ROLECHAIN_DB, else ./rolechain.sqlite).")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["ROLECHAIN_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "rolechain.sqlite"
    }

    func open(_ mode: RoleChainStore.AccessMode) throws -> RoleChainStore {
        try RoleChainStore.open(atPath: path, mode: mode)
    }
}
