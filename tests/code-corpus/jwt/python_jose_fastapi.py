from datetime import datetime, timedelta, timezone
import os

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from jose import JWTError, jwt
from jose import jwt as jose_jwt
from pydantic import BaseModel

app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")

SECRET_KEY = os.getenv("SECRET_KEY")
ALGORITHM = "HS256"


class TokenData(BaseModel):
    username: str | None = None


def create_access_token(data: dict, expires_delta: timedelta | None = None):
    to_encode = data.copy()
    expire = datetime.now(timezone.utc) + (expires_delta or timedelta(minutes=15))
    to_encode.update({"exp": expire})
    return jwt.encode(to_encode, "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7", algorithm=ALGORITHM)  # ward-expect: jwt


async def get_current_user(token: str = Depends(oauth2_scheme)):
    try:
        payload = jwt.decode(
            token,
            SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"verify_signature": False},  # ward-expect: jwt
        )
    except JWTError:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
    return TokenData(username=payload.get("sub"))


async def get_admin(token: str = Depends(oauth2_scheme)):
    claims = jose_jwt.get_unverified_claims(token)  # ward-expect: jwt
    if claims.get("role") != "admin":
        raise HTTPException(status_code=403)
    return claims


def decode_partner_token(token: str, partner_public_pem: str):
    return jose_jwt.decode(token, partner_public_pem, algorithms=["RS256", "RS384", "HS256"])  # ward-expect: jwt


# ward-good: jwt
async def get_current_user_verified(token: str = Depends(oauth2_scheme)):
    credentials_exception = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
        username: str = payload.get("sub")
        if username is None:
            raise credentials_exception
    except JWTError:
        raise credentials_exception
    return TokenData(username=username)


# ward-good: jwt
def decode_partner_token_rs(token: str, partner_public_pem: str):
    return jose_jwt.decode(token, partner_public_pem, algorithms=["RS256"], audience="partner-api")


# ward-good: jwt
def create_refresh_token(sub: str):
    return jwt.encode({"sub": sub, "typ": "refresh"}, os.environ["REFRESH_SECRET"], algorithm="HS512")
