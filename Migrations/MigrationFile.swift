import Foundation

/// One schema migration: a SQL script under `Migrations/SQL`, named
/// `NNNN_description.sql`; the file name (without extension) is the
/// identifier GRDB records in `grdb_migrations`. Shipped migrations are
/// never edited, only followed by new ones.
public struct MigrationFile: Sendable {
    public let identifier: String
    public let sql: String

    /// Why loading failed: the resource bundle was not installed beside the binary.
    public struct MissingResources: Error, CustomStringConvertible {
        public var description: String {
            "the SQL migrations were not found beside the rolechain binary (copy its .resources folder with it)"
        }
    }

    /// All migrations, in the order they apply.
    public static func all() throws -> [MigrationFile] {
        guard let directory = Bundle.module.url(forResource: "SQL", withExtension: nil) else {
            throw MissingResources()
        }
        return try FileManager.default
            .contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map {
                MigrationFile(
                    identifier: $0.deletingPathExtension().lastPathComponent,
                    sql: try String(contentsOf: $0, encoding: .utf8)
                )
            }
    }
}
