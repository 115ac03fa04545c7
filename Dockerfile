# InsightOS: one image for the collector (`insightos serve`) and every job
# (`insightos jobs run NAME`). See docs/deploy.md.
#
#   docker build -t insightos .
#   docker run -p 8080:8080 -e DATABASE_URL=postgresql://... -e INSIGHTOS_WRITE_KEYS=... insightos
#
# Stage 1 builds on Debian 12 with the packages scripts/setup.sh installs (its --build-only set:
# the tests' PostgreSQL, Chromium and Python stay out). Stage 2 is Debian 12 slim with only the
# shared libraries the binary links, found from the binary itself, plus the web files.

FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive NODE_PATH=/usr/share/nodejs
WORKDIR /src
# The toolchain layer depends only on these files, so source edits rebuild from the next step.
COPY scripts/setup.sh scripts/setup.sh
COPY package.json package-lock.json ./
RUN scripts/setup.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DINSIGHTOS_BUILD_TESTS=OFF -DINSIGHTOS_BUILD_BENCH=OFF \
 && cmake --build build -j"$(nproc)" --target insightos insightos_web
# The runtime stage's package list: the Debian packages owning each library the binary loads.
RUN install -d /out/opt/insightos/bin /out/opt/insightos/web \
 && install -s build/bin/insightos /out/opt/insightos/bin/insightos \
 && cp -r build/web/. /out/opt/insightos/web/ \
 && ldd build/bin/insightos | awk '/=> \// {print $3}' | while read -r lib; do \
      dpkg -S "$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")"; \
    done | cut -d: -f1 | sort -u > /out/runtime-packages.txt \
 && test -s /out/runtime-packages.txt

FROM debian:12-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
COPY --from=build /out/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update -qq \
 && xargs -a /tmp/runtime-packages.txt apt-get install -y -qq --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/insightos --create-home \
      --shell /usr/sbin/nologin insightos
COPY --from=build /out/opt/insightos /opt/insightos
# The web root defaults to <binary>/../web = /opt/insightos/web. The spool (events accepted
# while the database is down) needs a volume that outlives the container to be worth having.
ENV PATH=/opt/insightos/bin:$PATH \
    INSIGHTOS_HOST=0.0.0.0 \
    PORT=8080 \
    INSIGHTOS_SPOOL_DIR=/var/lib/insightos/spool
# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
WORKDIR /var/lib/insightos
VOLUME ["/var/lib/insightos"]
EXPOSE 8080
STOPSIGNAL SIGTERM
# No ENTRYPOINT: platforms that replace the command (a cron's `insightos jobs run score`,
# Kubernetes' command:) then need nothing else to know.
CMD ["insightos", "serve", "--migrate"]
