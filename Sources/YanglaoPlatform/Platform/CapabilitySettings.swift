/// A capability's local settings (按本地细则配置): the capability declares the type, its defaults and
/// the environment variables it reads; the floor keeps the environment and hands it over. Adding a
/// setting touches only its capability.
package protocol CapabilitySettings: Sendable {
    /// The defaults with the variables of `environment` the capability knows applied; a value
    /// outside its bounds keeps the default.
    init(environment: LocalEnvironment)
}

/// The process environment as settings read it.
package struct LocalEnvironment: Sendable {
    let values: [String: String]

    package init(_ values: [String: String]) { self.values = values }

    /// A variable's value; empty is unset.
    package subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// A whole number within its bounds (nil: unset, not a number, or out of bounds).
    package func bounded(_ name: String, _ range: ClosedRange<Int>) -> Int? {
        self[name].flatMap(Int.init).flatMap { range.contains($0) ? $0 : nil }
    }
}

extension AppConfiguration {
    /// A capability's settings: as set in code, or read from the environment.
    package subscript<Settings: CapabilitySettings>(settings type: Settings.Type) -> Settings {
        get { settingsSetInCode[ObjectIdentifier(type)] as? Settings ?? Settings(environment: localEnvironment) }
        set { settingsSetInCode[ObjectIdentifier(type)] = newValue }
    }
}
