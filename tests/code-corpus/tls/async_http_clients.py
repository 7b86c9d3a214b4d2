import asyncio
import ssl

import aiohttp
import httpx
import urllib3
from urllib3 import PoolManager

INTERNAL = "https://metrics.internal.example.com"


async def scrape_metrics():
    async with httpx.AsyncClient(verify=False, timeout=5.0) as client:  # ward-expect: tls
        resp = await client.get(f"{INTERNAL}/metrics")
        return resp.text


def sync_client():
    return httpx.Client(
        base_url=INTERNAL,
        http2=True,
        verify=False,  # ward-expect: tls
    )


async def aiohttp_fetch(url: str) -> bytes:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=False) as resp:  # ward-expect: tls
            return await resp.read()


async def aiohttp_connector_session():
    connector = aiohttp.TCPConnector(ssl=False, limit=50)  # ward-expect: tls
    return aiohttp.ClientSession(connector=connector)


async def aiohttp_legacy(url):
    conn = aiohttp.TCPConnector(verify_ssl=False)  # ward-expect: tls
    async with aiohttp.ClientSession(connector=conn) as s:
        return await (await s.get(url)).json()


def pool():
    return urllib3.PoolManager(cert_reqs="CERT_NONE", num_pools=4)  # ward-expect: tls


def pool_ssl_module():
    return PoolManager(
        num_pools=2,
        cert_reqs=ssl.CERT_NONE,  # ward-expect: tls
        assert_hostname=False,
    )


# ward-good: tls
async def scrape_metrics_verified():
    ctx = ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")
    async with httpx.AsyncClient(verify=ctx, timeout=5.0) as client:
        return (await client.get(f"{INTERNAL}/metrics")).text


# ward-good: tls
async def aiohttp_fetch_verified(url: str) -> bytes:
    sslcontext = ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=sslcontext)) as session:
        async with session.get(url) as resp:
            return await resp.read()


# ward-good: tls
def pool_verified():
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs="/etc/ssl/certs/ca-certificates.crt")


# ward-good: tls
def plain_http_client():
    # local sidecar over unix socket, no TLS involved
    transport = httpx.HTTPTransport(uds="/run/sidecar.sock")
    return httpx.Client(transport=transport, base_url="http://sidecar")


if __name__ == "__main__":
    print(asyncio.run(scrape_metrics_verified()))
