/* network.LAN: the board's Ethernet port (h7_eth.c) as an lwIP netif, with
 * the methods of the upstream stm32 port's LAN: active, isconnected,
 * status, ifconfig, ipconfig, config('mac'). */
#include <string.h>

#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "extmod/modnetwork.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/igmp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#include "h7_eth.h"
#include "h747_port.h"
#include "lwip_port.h"

#define LINK_CHECK_MS 100 /* the PHY is asked this often */
#define ETH_MTU       1500
#define TX_WAIT_MS    10 /* for the DMA to free a descriptor */

/* LAN.status(), as upstream's stm32 port reports it */
enum {
    LAN_STATUS_LINK_DOWN = 0,
    LAN_STATUS_LINK_UP = 1, /* the cable, the interface down */
    LAN_STATUS_NO_IP = 2,   /* up, waiting for an address */
    LAN_STATUS_GOT_IP = 3,
};

typedef struct {
    mp_obj_base_t base;
} network_lan_obj_t;

const mp_obj_type_t network_lan_type;
static const network_lan_obj_t lan_obj = { { &network_lan_type } };

static struct netif lan_netif;
static bool lan_up;
static uint32_t last_link_check;
static uint8_t lan_mac[6];

static err_t lan_linkoutput(struct netif *netif, struct pbuf *p) {
    (void)netif;
    uint8_t *buf = h7_eth_tx_buffer();
    uint32_t t0 = mp_hal_ticks_ms();
    while (!buf && mp_hal_ticks_ms() - t0 < TX_WAIT_MS) {
        buf = h7_eth_tx_buffer();
    }
    if (!buf) {
        return ERR_MEM;
    }
    if (p->tot_len > H7_ETH_MTU_FRAME) {
        return ERR_BUF;
    }
    pbuf_copy_partial(p, buf, p->tot_len, 0);
    return h7_eth_tx_send(p->tot_len) == H7_ETH_OK ? ERR_OK : ERR_IF;
}

static void lan_rx(void *ctx, const uint8_t *frame, size_t len) {
    struct netif *netif = ctx;
    struct pbuf *p = pbuf_alloc(PBUF_RAW, len, PBUF_POOL);
    if (!p) {
        return; /* lwIP is out of buffers: dropped, as a full FIFO would */
    }
    pbuf_take(p, frame, len);
    if (netif->input(p, netif) != ERR_OK) {
        pbuf_free(p);
    }
}

/* in PendSV: frames in, and the link followed */
static void lan_poll(void) {
    if (!lan_up) {
        return;
    }
    h7_eth_rx_poll(lan_rx, &lan_netif);
    uint32_t now = mp_hal_ticks_ms();
    if (now - last_link_check >= LINK_CHECK_MS) {
        last_link_check = now;
        bool link = h7_eth_link_up();
        if (link != netif_is_link_up(&lan_netif)) {
            if (link) {
                netif_set_link_up(&lan_netif);
            } else {
                netif_set_link_down(&lan_netif);
            }
        }
    }
}

static err_t lan_netif_init(struct netif *netif) {
    netif->linkoutput = lan_linkoutput;
    netif->output = etharp_output;
    netif->mtu = ETH_MTU;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP;
    netif->hwaddr_len = sizeof(lan_mac);
    memcpy(netif->hwaddr, lan_mac, sizeof(lan_mac));
    /* the MAC inserts and checks the checksums (h7_eth.c) */
    NETIF_SET_CHECKSUM_CTRL(netif, NETIF_CHECKSUM_DISABLE_ALL);
    return ERR_OK;
}

static void lan_start(void) {
    mp_hal_get_mac(MP_HAL_MAC_ETH0, lan_mac);
    int r = h7_eth_init(lan_mac, h747_net_wake);
    if (r != H7_ETH_OK) {
        h7_eth_deinit();
        mp_raise_OSError(r == H7_ETH_ENOPHY ? MP_ENODEV : MP_ETIMEDOUT);
    }
    uint32_t s = h747_net_lock();
    ip_addr_t zero;
    ip_addr_set_zero(&zero);
    netif_add(&lan_netif, ip_2_ip4(&zero), ip_2_ip4(&zero), ip_2_ip4(&zero), NULL, lan_netif_init,
              ethernet_input);
    netif_set_hostname(&lan_netif, mod_network_hostname_data);
    netif_set_default(&lan_netif);
    netif_set_up(&lan_netif);
    lan_up = true;
    last_link_check = mp_hal_ticks_ms() - LINK_CHECK_MS;
    h747_net_set_poll(lan_poll);
    dhcp_start(&lan_netif);
    h747_net_unlock(s);
    h747_net_wake();
}

static void lan_stop(void) {
    if (!lan_up) {
        return;
    }
    uint32_t s = h747_net_lock();
    h747_net_set_poll(NULL);
    dhcp_stop(&lan_netif);
    netif_set_down(&lan_netif);
    netif_remove(&lan_netif);
    lan_up = false;
    h747_net_unlock(s);
    h7_eth_deinit();
}

/* a soft reset takes the interface down, as it does on the stm32 port */
static void lan_reset(void) {
    lan_stop();
}
static h747_soft_reset_hook_t lan_reset_hook = { lan_reset, NULL };

static int lan_status(void) {
    if (lan_up && netif_is_up(&lan_netif) && netif_is_link_up(&lan_netif)) {
        return ip4_addr_isany_val(*netif_ip4_addr(&lan_netif)) ? LAN_STATUS_NO_IP
                                                               : LAN_STATUS_GOT_IP;
    }
    if (!h7_eth_active()) {
        return LAN_STATUS_LINK_DOWN;
    }
    uint32_t s = h747_net_lock(); /* MDIO: not while lan_poll uses it */
    bool link = h7_eth_link_up();
    h747_net_unlock(s);
    return link ? LAN_STATUS_LINK_UP : LAN_STATUS_LINK_DOWN;
}

static void lan_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)self_in;
    (void)kind;
    const ip4_addr_t *a = netif_ip4_addr(&lan_netif);
    mp_printf(print, "<LAN status=%d ip=%u.%u.%u.%u>", lan_status(), lan_up ? ip4_addr1(a) : 0,
              lan_up ? ip4_addr2(a) : 0, lan_up ? ip4_addr3(a) : 0, lan_up ? ip4_addr4(a) : 0);
}

static mp_obj_t lan_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                             const mp_obj_t *args) {
    (void)type;
    /* phy_addr and phy_type as upstream takes them: this board has one */
    enum {
        ARG_phy_addr,
        ARG_phy_type
    };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_phy_addr, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_phy_type, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, MP_ARRAY_SIZE(allowed), allowed, a);
    if (a[ARG_phy_addr].u_int != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("phy_addr: the LAN8742A is at 0"));
    }
    if (a[ARG_phy_type].u_int != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("phy_type: this board has a LAN8742A (PHY_LAN8742)"));
    }
    h747_soft_reset_hook_add(&lan_reset_hook);
    return MP_OBJ_FROM_PTR(&lan_obj);
}

static mp_obj_t lan_active(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        return mp_obj_new_bool(lan_up);
    }
    if (mp_obj_is_true(args[1])) {
        if (!lan_up) {
            lan_start();
        }
    } else {
        lan_stop();
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(lan_active_obj, 1, 2, lan_active);

static mp_obj_t lan_isconnected(mp_obj_t self_in) {
    (void)self_in;
    return mp_obj_new_bool(lan_status() == LAN_STATUS_GOT_IP);
}
static MP_DEFINE_CONST_FUN_OBJ_1(lan_isconnected_obj, lan_isconnected);

static mp_obj_t lan_status_m(size_t n_args, const mp_obj_t *args) {
    if (n_args > 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("status: LAN has no named status values"));
    }
    return MP_OBJ_NEW_SMALL_INT(lan_status());
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(lan_status_obj, 1, 2, lan_status_m);

static mp_obj_t lan_ifconfig(size_t n_args, const mp_obj_t *args) {
    return mod_network_nic_ifconfig(&lan_netif, n_args - 1, args + 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(lan_ifconfig_obj, 1, 2, lan_ifconfig);

static mp_obj_t lan_ipconfig(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return mod_network_nic_ipconfig(&lan_netif, n_args - 1, args + 1, kwargs);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(lan_ipconfig_obj, 1, lan_ipconfig);

static mp_obj_t lan_config(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    if (kwargs->used) {
        mp_raise_ValueError(MP_ERROR_TEXT("config: LAN has no settable parameters"));
    }
    if (n_args != 2) {
        mp_raise_TypeError(MP_ERROR_TEXT("config: name one parameter, e.g. config('mac')"));
    }
    if (mp_obj_str_get_qstr(args[1]) != MP_QSTR_mac) {
        mp_raise_ValueError(MP_ERROR_TEXT("config: unknown parameter (LAN has 'mac')"));
    }
    uint8_t mac[6];
    mp_hal_get_mac(MP_HAL_MAC_ETH0, mac);
    return mp_obj_new_bytes(mac, sizeof(mac));
}
static MP_DEFINE_CONST_FUN_OBJ_KW(lan_config_obj, 1, lan_config);

static const mp_rom_map_elem_t lan_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_active), MP_ROM_PTR(&lan_active_obj) },
    { MP_ROM_QSTR(MP_QSTR_isconnected), MP_ROM_PTR(&lan_isconnected_obj) },
    { MP_ROM_QSTR(MP_QSTR_status), MP_ROM_PTR(&lan_status_obj) },
    { MP_ROM_QSTR(MP_QSTR_ifconfig), MP_ROM_PTR(&lan_ifconfig_obj) },
    { MP_ROM_QSTR(MP_QSTR_ipconfig), MP_ROM_PTR(&lan_ipconfig_obj) },
    { MP_ROM_QSTR(MP_QSTR_config), MP_ROM_PTR(&lan_config_obj) },
    { MP_ROM_QSTR(MP_QSTR_PHY_LAN8742), MP_ROM_INT(0) },
};
static MP_DEFINE_CONST_DICT(lan_locals, lan_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(network_lan_type, MP_QSTR_LAN, MP_TYPE_FLAG_NONE, make_new, lan_make_new,
                         print, lan_print, locals_dict, &lan_locals);
