/// A kubeconfig user's `exec` section (`client.authentication.k8s.io/v1`).
public struct ExecCredentialConfig: Sendable, Hashable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    /// Extra environment variables (name, value).
    public var env: [String: String]

    public init(apiVersion: String, command: String, args: [String], env: [String: String]) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
    }
}
