using MemoryMonitor.Analysis.Baselines;

namespace MemoryMonitor.Analysis.Tests.Baselines;

public sealed class ExecutableIdentityTests
{
    [Fact]
    public void Restart_with_new_pid_port_temp_dir_and_request_id_keeps_the_identity()
    {
        var first = ExecutableIdentity.Of("/usr/bin/python3", ["-m", "worker", "--pid-file", "/run/worker/4121.pid", "--listen", "0.0.0.0:8081", "--scratch", "/tmp/tmp.k3JdQ9/cache", "--request", "3f2b9c1e-8a7d-4b6e-9f10-2c3d4e5f6a7b"]);
        var second = ExecutableIdentity.Of("/usr/bin/python3", ["-m", "worker", "--pid-file", "/run/worker/90233.pid", "--listen", "0.0.0.0:9000", "--scratch", "/tmp/tmp.Zq81aa/cache", "--request", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"]);

        Assert.Equal(first, second);
        Assert.Equal("/usr/bin/python3 -m worker --pid-file /run/worker/<n>.pid --listen <n>:<port> --scratch <tmp>/cache --request <uuid>", first);
    }

    [Fact]
    public void Subcommands_and_flags_keep_identities_apart()
    {
        var serve = ExecutableIdentity.Of("/usr/local/bin/app", ["serve", "--verbose"]);
        var migrate = ExecutableIdentity.Of("/usr/local/bin/app", ["migrate", "--verbose"]);
        var quiet = ExecutableIdentity.Of("/usr/local/bin/app", ["serve", "--quiet"]);

        Assert.NotEqual(serve, migrate);
        Assert.NotEqual(serve, quiet);
        Assert.Equal("/usr/local/bin/app serve --verbose", serve);
    }

    [Theory]
    [InlineData("--password", "hunter2")]
    [InlineData("--token", "ghp_abcdefghijklmnop")]
    [InlineData("--client-secret", "s3cr3t")]
    [InlineData("--api-key", "AKIAIOSFODNN7EXAMPLE")]
    public void Value_after_a_secret_flag_is_masked(string flag, string secret)
    {
        var identity = ExecutableIdentity.Of("/opt/svc/bin/svc", [flag, secret, "run"]);

        Assert.DoesNotContain(secret, identity, StringComparison.Ordinal);
        Assert.Equal($"/opt/svc/bin/svc {flag} * run", identity);
    }

    [Theory]
    [InlineData("--password=hunter2", "--password=*")]
    [InlineData("api_key=sk-live-1234abcd", "api_key=*")]
    [InlineData("key=0123456789", "key=*")]
    [InlineData("DB_TOKEN=abc.def", "DB_TOKEN=*")]
    [InlineData("--db=Server=db;User=app;Password=hunter2", "--db=Server=db;User=app;Password=*")]
    [InlineData("postgres://app:hunter2@db:5432/orders", "postgres://*@db:<port>/orders")]
    [InlineData("https://api.example/v1?token=abcdef", "https://api.example/v1?token=*")]
    [InlineData("-phunter2", "-p*")]
    public void Inline_secrets_are_masked(string argument, string expected)
    {
        var identity = ExecutableIdentity.Of("/usr/bin/tool", [argument]);

        Assert.Equal("/usr/bin/tool " + expected, identity);
        Assert.DoesNotContain("hunter2", identity, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345", "<n>")]
    [InlineData("7", "<n>")]
    [InlineData("--threads=16", "--threads=<n>")]
    [InlineData("0x7ffd4a3b", "<hex>")]
    [InlineData("sha-9f86d081884c7d65", "sha-<hex>")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", "<uuid>")]
    [InlineData("/dev/shm/sem.4f2a/lock", "<tmp>/lock")]
    [InlineData("localhost:6379", "localhost:<port>")]
    [InlineData("worker-2817", "worker-<n>")]
    [InlineData("http2", "http2")]
    [InlineData("app.py", "app.py")]
    public void Ids_numbers_and_ports_become_placeholders(string argument, string expected)
    {
        Assert.Equal("/bin/x " + expected, ExecutableIdentity.Of("/bin/x", [argument]));
    }

    [Fact]
    public void Executable_version_is_kept_but_its_temp_directory_is_not()
    {
        Assert.NotEqual(ExecutableIdentity.Of("/usr/bin/python3.11", []), ExecutableIdentity.Of("/usr/bin/python3.12", []));
        Assert.Equal(
            ExecutableIdentity.Of("/tmp/.mount_AppAbC/usr/bin/app", []),
            ExecutableIdentity.Of("/tmp/.mount_AppXyZ/usr/bin/app", []));
    }

    [Fact]
    public void Long_command_lines_are_capped_and_still_distinct()
    {
        var many = Enumerable.Range(0, 200).Select(i => $"--feature-{(char)('a' + (i % 26))}{i % 7}").ToList();
        var first = ExecutableIdentity.Of("/usr/bin/java", [.. many, "--last-a"]);
        var second = ExecutableIdentity.Of("/usr/bin/java", [.. many, "--last-b"]);

        Assert.Equal(ExecutableIdentity.MaximumLength, first.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(first, ExecutableIdentity.Of("/usr/bin/java", [.. many, "--last-a"]));
    }
}
