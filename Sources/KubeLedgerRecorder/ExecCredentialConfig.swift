/// A kubeconfig user's `exec` section (`client.authentication.k8s.io/v1`).
public struct ExecCredentialConfig: Sendable, Hashable {
    /// `client.authentication.k8s.io/v1` (or `v1beta1`).
    public var apiVersion: String
    /// The program: a path (relative ones resolved from the kubeconfig's folder) or a name on PATH.
    public var command: String
    /// Its arguments.
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
