from allauth.mfa.models import Authenticator

def test_totp_secret_visible(client, adviser, other_adviser):
    client.raise_request_exception = False
    a = Authenticator.objects.create(user=other_adviser, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXPSECRETXYZ"})
    client.force_login(adviser)
    r = client.get(f"/admin/mfa/authenticator/{a.pk}/change/")
    print("TOTP change page", r.status_code, b"JBSWY3DPEHPK3PXPSECRETXYZ" in r.content)
    r = client.post(f"/admin/mfa/authenticator/{a.pk}/delete/", {"post": "yes"})
    print("TOTP delete", r.status_code, Authenticator.objects.filter(pk=a.pk).exists())
    r = client.get(f"/admin/norec/user/{other_adviser.pk}/change/")
    print("role editable", b'name="role"' in r.content, b'name="is_superuser"' in r.content)
    r = client.get("/admin/account/emailaddress/")
    print("emailaddress admin", r.status_code)
