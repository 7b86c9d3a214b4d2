import { describe, expect, it, vi } from "vitest";
import { login, refreshToken } from "./auth";

const user = { email: "test@localhost", password: "password123" };

describe("login", () => {
  it("stores the token returned by the API", async () => {
    const fetchMock = vi.fn().mockResolvedValue({
      ok: true,
      json: async () => ({ token: "test-token", refreshToken: "refresh-token" }),
    });
    const res = await login(user.email, user.password, fetchMock);
    expect(res.token).toBe("test-token");
  });

  it("rejects an empty password", async () => {
    await expect(login(user.email, "", vi.fn())).rejects.toThrow("password is required");
  });

  it("refreshes with the stored refresh token", async () => {
    const fetchMock = vi.fn().mockResolvedValue({ ok: true, json: async () => ({ token: "new-token" }) });
    const token = await refreshToken("refresh-token", fetchMock);
    expect(token).toBe("new-token");
    expect(fetchMock).toHaveBeenCalledWith("/api/token/refresh", expect.anything());
  });
});
