/// veille's version, printed by `veille --version` and sent in the default User-Agent.
public enum VeilleVersion {
    public static let string = "0.1.0"
}
