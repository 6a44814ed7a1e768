from django.urls import path

from projects.notices import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/count.json", views.notice_count, name="notice_count"),
    path("notices/email/", views.notice_email_settings, name="notice_email_settings"),
]
