/// Short policy texts for tests, written as AWS documents them.
public enum Policies {
    public static func trust(_ principal: String, action: String = "sts:AssumeRole", condition: String? = nil) -> String
    {
        statementDocument(#""Principal": \#(principal), "Action": "\#(action)""#, effect: "Allow", condition: condition)
    }

    public static func trustAWS(_ values: String..., condition: String? = nil) -> String {
        let list = values.map { "\"\($0)\"" }.joined(separator: ", ")
        return trust(#"{"AWS": [\#(list)]}"#, condition: condition)
    }

    public static func allow(_ action: String, on resource: String, condition: String? = nil) -> String {
        statementDocument(#""Action": "\#(action)", "Resource": "\#(resource)""#, effect: "Allow", condition: condition)
    }

    public static func deny(_ action: String, on resource: String, condition: String? = nil) -> String {
        statementDocument(#""Action": "\#(action)", "Resource": "\#(resource)""#, effect: "Deny", condition: condition)
    }

    public static func statementDocument(_ body: String, effect: String, condition: String? = nil) -> String {
        let conditionPart = condition.map { #", "Condition": \#($0)"# } ?? ""
        return #"{"Version": "2012-10-17", "Statement": [{"Effect": "\#(effect)", \#(body)\#(conditionPart)}]}"#
    }

    /// A document of several statements, each a JSON object text.
    public static func document(_ statements: String...) -> String {
        #"{"Version": "2012-10-17", "Statement": [\#(statements.joined(separator: ", "))]}"#
    }
}
