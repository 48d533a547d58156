# syntax=docker/dockerfile:1
# The MemoryMonitor agent image: `memmon serve` reading the host's /proc and /sys mounted at /host/proc and /host/sys.
#
# Normal build (a machine that reaches an image registry):
#     docker build -t memmon .
# The build stage publishes the agent with NativeAOT (one native binary, no .NET runtime in the image; about 39 MB
# RSS on a quiet node, 52 MB at 1,000 processes: docs/performance.md) and the runtime stage is a minimal glibc base.
# Both bases are build arguments so that a mirror, a pinned digest or a locally made base can be named without
# editing this file.
#
# Offline build (no registry, as in this project's tests): publish on the host and let the image take that output:
#     dotnet publish src/MemoryMonitor.Cli -c Release -r linux-x64 -p:PublishAot=true -o ctx/rootfs/app
#     mkdir -p ctx/rootfs/state
#     podman build --format docker -f Dockerfile --build-arg PUBLISHED=prebuilt \
#         --build-arg BUILD_IMAGE=localhost/base --build-arg RUNTIME_IMAGE=localhost/base ctx
# With PUBLISHED=prebuilt the build stage is not needed and not built; the context is just rootfs/ (app/ and state/).
# tests/MemoryMonitor.Operations.Tests/Container/AgentImage.cs does exactly this with a debootstrap-made Debian base.
#
# Run (the DaemonSet in helm/memmon does the same):
#     docker run --pid=host -v /proc:/host/proc:ro -v /sys:/host/sys:ro -p 9897:9897 memmon

# SDK image for the build stage (needs clang and zlib for NativeAOT; installed below).
ARG BUILD_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
# Runtime base: NativeAOT needs only glibc (InvariantGlobalization is on: no ICU). distroless/cc adds libssl for an
# https OTLP endpoint. debian:12-slim works too.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12
# Where the published agent comes from: "build" (the stage below) or "prebuilt" (rootfs/ in the build context).
ARG PUBLISHED=build

FROM ${BUILD_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files only, so that a source change does not invalidate the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/MemoryMonitor.Collection/MemoryMonitor.Collection.csproj src/MemoryMonitor.Collection/
COPY src/MemoryMonitor.Analysis/MemoryMonitor.Analysis.csproj src/MemoryMonitor.Analysis/
COPY src/MemoryMonitor.Baselines/MemoryMonitor.Baselines.csproj src/MemoryMonitor.Baselines/
COPY src/MemoryMonitor.Export/MemoryMonitor.Export.csproj src/MemoryMonitor.Export/
COPY src/MemoryMonitor.Agent/MemoryMonitor.Agent.csproj src/MemoryMonitor.Agent/
COPY src/MemoryMonitor.Cli/MemoryMonitor.Cli.csproj src/MemoryMonitor.Cli/
RUN dotnet restore src/MemoryMonitor.Cli/MemoryMonitor.Cli.csproj -r linux-x64 -p:PublishAot=true
COPY src/ src/
RUN dotnet publish src/MemoryMonitor.Cli/MemoryMonitor.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true \
        --no-restore -o /rootfs/app \
    && rm -f /rootfs/app/*.dbg \
    && mkdir -p /rootfs/state

# The offline path: the context holds rootfs/app (the host's publish output) and an empty rootfs/state.
FROM scratch AS prebuilt
COPY rootfs/ /rootfs/

FROM ${PUBLISHED} AS published

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
# Set by the release pipeline (the project's repository URL); left empty rather than guessed.
ARG SOURCE=""
LABEL org.opencontainers.image.title="memmon" \
      org.opencontainers.image.description="MemoryMonitor agent: Linux system, process and container memory as Prometheus metrics and OTLP" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# The binary stays owned by root (the agent cannot rewrite itself); only the state directory belongs to the agent's user.
COPY --from=published /rootfs/app/ /app/
COPY --from=published --chown=65534:65534 /rootfs/state/ /var/lib/memmon/
# Learnt baselines (baselines.db) survive a restart when this is a volume; the agent runs on in-memory baselines if it
# is not writable.
VOLUME ["/var/lib/memmon"]
# nobody:nogroup. Reading other users' /proc/PID/smaps_rollup and exe links needs CAP_SYS_PTRACE and
# CAP_DAC_READ_SEARCH (granted by the DaemonSet, see docs/operations.md); without them those reads are counted in
# memmon_agent_read_errors_total{reason="permission_denied"} and everything else still works.
USER 65534:65534
EXPOSE 9897
# A minimal base has no curl or wget: the agent binary probes its own /healthz (`memmon healthcheck`, exit 0 on 200).
# Follow a changed --listen port with --url. HEALTHCHECK needs the docker image format under podman/buildah.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/app/memmon", "healthcheck", "--url", "http://127.0.0.1:9897/healthz"]
ENTRYPOINT ["/app/memmon", "serve", "--procfs", "/host/proc", "--sysfs", "/host/sys", "--state-dir", "/var/lib/memmon"]
