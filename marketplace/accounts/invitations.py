"""Invitations: a single-use, expiring link mailed to a new colleague; opening it
and choosing a name and password creates the account with the role (and supplier)
the inviter chose. Only the token's hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts import mail, permissions
from marketplace.accounts.links import public_url
from marketplace.accounts.models import Invitation, Role, User
from marketplace.accounts.services import clean_email, get_user_by_email, new_user
from marketplace.accounts.sessions import hash_token
from marketplace.audit import services as audit
from marketplace.db import utcnow
from marketplace.errors import Conflict, InvalidInput, NotFound
from marketplace.suppliers.models import Supplier


class InvitationClosed(InvalidInput):
    """The link cannot be used (any more); the message says why and what to do."""

    status = 410


def role_label(role: Role) -> str:
    return {
        Role.BUYER: _("buyer"),
        Role.SUPPLIER_STAFF: _("supplier staff"),
        Role.OFFICIAL: _("official"),
        Role.ADMIN: _("administrator"),
    }[role]


def invite(
    session: Session, actor: User, email: str, role: Role, supplier_id: int | None = None
) -> Invitation:
    """Invite `email` as `role` (of `supplier_id`) and mail the link. Earlier open
    invitations of the same address for the same place are withdrawn. Raises
    Forbidden, InvalidInput (address), Conflict (the address already has an account)."""
    permissions.require_invite(actor, role, supplier_id)
    email = clean_email(email)
    if get_user_by_email(session, email):
        raise Conflict(
            _(
                "An account with this e-mail address already exists. To add it to a "
                "company, the Department links the account; an administrator changes "
                "its role."
            )
        )
    now = utcnow()
    session.execute(
        update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.role == role,
            Invitation.supplier_id.is_(None)
            if supplier_id is None
            else Invitation.supplier_id == supplier_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    max_age = int(current_app.config["INVITATION_MAX_AGE"])
    invitation = Invitation(
        token_hash=hash_token(token),
        email=email,
        role=role,
        supplier_id=supplier_id,
        invited_by_id=actor.id,
        expires_at=now + timedelta(seconds=max_age),
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        actor,
        "invitation",
        invitation.id,
        "invited",
        after={"email": email, "role": role.value, "supplier_id": supplier_id},
    )
    session.commit()
    supplier = session.get(Supplier, supplier_id) if supplier_id else None
    _mail_invitation(invitation, token, actor, supplier, max_age)
    return invitation


def _mail_invitation(
    invitation: Invitation, token: str, actor: User, supplier: Supplier | None, max_age: int
) -> None:
    # The invitee has no account, hence no language yet: the site's first language.
    with force_locale("vi"):
        place = (
            _("as staff of %(company)s", company=supplier.name)
            if supplier
            else _(
                "as %(role)s of the Department of Industry and Trade",
                role=role_label(invitation.role),
            )
        )
        body = _(
            "%(inviter)s invites you to the Hanoi environmental equipment marketplace "
            "%(place)s.\n\nOpen this link within %(days)d days, choose your name and a "
            "password, and your account is ready:\n%(link)s\n\nThe link works once. If you "
            "did not expect this invitation, ignore this message.",
            inviter=actor.full_name or actor.email,
            place=place,
            days=max(1, max_age // 86400),
            link=public_url("accounts.accept_invitation", token=token),
        )
        subject = _("Invitation to the Hanoi environmental equipment marketplace")
    mail.queue_mail(invitation.email, subject, body)


def get_open_invitation(session: Session, token: str) -> Invitation:
    """The invitation of a link, if it can still be used. Raises InvitationClosed
    saying plainly whether it was used, withdrawn, expired or never existed."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        raise InvitationClosed(
            _("This invitation link is not valid. Check that you opened the whole link.")
        )
    status = invitation.status(utcnow())
    if status == "accepted":
        raise InvitationClosed(
            _("This invitation has already been used. Log in with the account it created.")
        )
    if status == "revoked":
        raise InvitationClosed(
            _("This invitation was withdrawn. Ask the person who invited you for a new one.")
        )
    if status == "expired":
        raise InvitationClosed(
            _("This invitation has expired. Ask the person who invited you for a new one.")
        )
    return invitation


def accept(session: Session, token: str, full_name: str, password: str) -> User:
    """Create the invited account. Raises InvitationClosed, InvalidInput (password),
    Conflict (an account took the address meanwhile)."""
    invitation = get_open_invitation(session, token)
    if not full_name.strip():
        raise InvalidInput(_("Enter your full name."), {"full_name": _("Enter your full name.")})
    user = new_user(
        session,
        invitation.email,
        password,
        invitation.role,
        full_name,
        supplier_id=invitation.supplier_id,
    )
    session.flush()
    # Claimed with a conditional UPDATE: of two simultaneous submissions one wins.
    claimed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow(), accepted_user_id=user.id)
    ).rowcount  # type: ignore[attr-defined]
    if not claimed:
        session.rollback()
        raise InvitationClosed(_("This invitation has already been used."))
    audit.act_as(session, user)
    audit.record(
        session,
        user,
        "user",
        user.id,
        "accepted",
        after={"role": user.role.value, "supplier_id": user.supplier_id},
        note=f"invitation {invitation.id}",
    )
    session.commit()
    return user


def revoke(session: Session, actor: User, invitation_id: int) -> Invitation:
    """Withdraw an unused invitation the actor could have sent. Raises NotFound,
    Forbidden, Conflict (already used)."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(_("This invitation does not exist."))
    permissions.require_invite(actor, invitation.role, invitation.supplier_id)
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been used; it cannot be withdrawn."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(session, actor, "invitation", invitation.id, "revoked")
    session.commit()
    return invitation
