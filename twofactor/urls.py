from django.urls import path

from twofactor import views

urlpatterns = [
    path("verify/", views.verify, name="twofactor_verify"),
    path("setup/", views.setup, name="twofactor_setup"),
]
